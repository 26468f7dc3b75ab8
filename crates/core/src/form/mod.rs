//! Form definitions: the SurveyJS-compatible JSON model (being written).

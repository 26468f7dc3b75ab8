//! The SurveyJS-compatible expression language (being written).

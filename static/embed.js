// The iframe entry (embed.html): one <pq-survey> from the page's query, and its events posted
// to the parent window — only to the origins the query names (`origins=`), never to '*'.
//
//   <iframe src="https://collector.example.vn/embed.html?form=pq-bn285-school
//           &draft-key=user-42&origins=https://portal.example.vn"></iframe>
(function () {
  'use strict';
  const query = new URLSearchParams(location.search);
  const ATTRIBUTES = ['form', 'server', 'token', 'lang', 'draft-key', 'readonly'];

  /// The origins named in `origins` (comma or space separated); anything that is not exactly
  /// scheme://host[:port] is left out, '*' included.
  function allowedOrigins(text) {
    const origins = [];
    for (const item of (text || '').split(/[\s,]+/)) {
      if (!item) continue;
      try {
        const origin = new URL(item).origin;
        if (origin !== 'null' && origin === item.replace(/\/$/, '')) origins.push(origin);
        else console.warn(`PQ Survey: "${item}" is not an origin (scheme://host[:port]); ignored`);
      } catch {
        console.warn(`PQ Survey: "${item}" is not an origin; ignored`);
      }
    }
    return origins;
  }

  const origins = allowedOrigins(query.get('origins'));
  if (window.parent !== window && origins.length === 0) {
    console.warn('PQ Survey: no `origins` in the address: events are not posted to the parent page');
  }

  const survey = document.createElement('pq-survey');
  for (const name of ATTRIBUTES) {
    if (query.has(name)) survey.setAttribute(name, query.get(name));
  }
  // The frame's own document speaks the survey's language.
  document.documentElement.lang = survey.getAttribute('lang') || 'vi';

  for (const type of window.PQSurvey.events) {
    survey.addEventListener(type, (event) => {
      if (window.parent === window) return;
      const message = { source: 'pq-survey', type, detail: event.detail };
      // postMessage delivers only when the parent's origin is the one given.
      for (const origin of origins) window.parent.postMessage(message, origin);
    });
  }
  document.body.append(survey);
})();

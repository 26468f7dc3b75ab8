// PQ Survey for other sites' pages: defines <pq-survey> and window.PQSurvey.
//
//   <script src="https://collector.example.vn/pq-survey.js"></script>
//   <pq-survey form="pq-bn285-school" draft-key="user-42"></pq-survey>
//
// The app's build has hashed file names; this file keeps a stable name and finds them in the
// index.html beside it, then loads the wasm once for the page. Each element mounts its own
// survey in its own (open) shadow root. See docs/embedding.md.
(function () {
  'use strict';
  if (window.PQSurvey) return;

  // Where the app's files are: beside this script.
  const BASE = new URL('.', (document.currentScript && document.currentScript.src) || location.href);
  // The attributes of <pq-survey>, and the option names of PQSurvey.mount for them.
  const ATTRIBUTES = ['form', 'server', 'token', 'lang', 'draft-key', 'readonly'];
  const OPTION_NAMES = { form: 'form', server: 'server', token: 'token', lang: 'lang', draftKey: 'draft-key' };
  const EVENTS = ['pq-ready', 'pq-change', 'pq-page', 'pq-complete', 'pq-synced', 'pq-error'];

  let loading = null;
  // How many events are being dispatched right now (a listener may destroy a survey).
  let dispatching = 0;

  // The wasm-bindgen module and the app's style sheet, loaded once for the page.
  function loadApp() {
    if (!loading) {
      loading = (async () => {
        const index = await fetchText(new URL('index.html', BASE));
        const script = find(index, /from\s+['"]([^'"]+\.js)['"]/, 'the app script');
        const wasm = find(index, /module_or_path:\s*['"]([^'"]+\.wasm)['"]/, 'the app wasm');
        const css = find(index, /<link[^>]+rel="stylesheet"[^>]+href="([^"]+\.css)"/, 'the app styles');
        const [bindings, cssText] = await Promise.all([
          import(new URL(script, BASE).href),
          fetchText(new URL(css, BASE)),
        ]);
        await bindings.default({ module_or_path: new URL(wasm, BASE) });
        return { bindings, styles: styleSheet(cssText) };
      })();
      loading.catch(() => { loading = null; });
    }
    return loading;
  }

  async function fetchText(url) {
    const response = await fetch(url, { credentials: 'omit' });
    if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
    return response.text();
  }

  function find(text, pattern, what) {
    const found = pattern.exec(text);
    if (!found) throw new Error(`PQ Survey: ${what} is not named in ${new URL('index.html', BASE)}`);
    return found[1];
  }

  // One constructed sheet shared by every shadow root (a <style> copy where unsupported).
  function styleSheet(cssText) {
    if ('adoptedStyleSheets' in Document.prototype && 'replaceSync' in CSSStyleSheet.prototype) {
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(cssText);
      return { apply: (root) => { root.adoptedStyleSheets = [sheet]; } };
    }
    return {
      apply: (root) => {
        const style = document.createElement('style');
        style.textContent = cssText;
        root.prepend(style);
      },
    };
  }

  function problem(code, message) {
    return { code, message };
  }

  class PQSurveyElement extends HTMLElement {
    static get observedAttributes() {
      return ATTRIBUTES;
    }

    constructor() {
      super();
      this.attachShadow({ mode: 'open' });
      this._survey = null;
      this._container = null;
      // Bumped by every (re)mount: a load that finishes late for an older one does nothing.
      this._generation = 0;
      this._remountQueued = false;
    }

    connectedCallback() {
      this._mount();
    }

    disconnectedCallback() {
      this._generation += 1;
      this._unmount();
    }

    attributeChangedCallback(name, before, after) {
      // Before the first mount (the element being upgraded) connectedCallback mounts it.
      if (before === after || !this.isConnected || this._generation === 0) return;
      if (name === 'lang' && this._survey) {
        this._survey.setLang(after || '');
        return;
      }
      // Several attributes set in a row remount once.
      if (this._remountQueued) return;
      this._remountQueued = true;
      queueMicrotask(() => {
        this._remountQueued = false;
        if (this.isConnected) this._mount();
      });
    }

    /// The options the survey is mounted with, from the attributes.
    get options() {
      const options = {};
      for (const name of ATTRIBUTES) {
        if (this.hasAttribute(name)) options[name] = this.getAttribute(name);
      }
      return options;
    }

    async _mount() {
      const generation = ++this._generation;
      this._unmount();
      let app;
      try {
        app = await loadApp();
      } catch (error) {
        if (generation === this._generation) this._emit('pq-error', problem('load-failed', String(error && error.message || error)));
        return;
      }
      if (generation !== this._generation || !this.isConnected) return;
      app.styles.apply(this.shadowRoot);
      const container = document.createElement('div');
      container.className = 'pq-host';
      this.shadowRoot.append(container);
      this._container = container;
      try {
        this._survey = app.bindings.mountSurvey(container, JSON.stringify(this.options), (type, detail) => this._emit(type, detail));
      } catch (error) {
        this._emit('pq-error', error && error.code ? error : problem('bad-options', String(error && error.message || error)));
      }
    }

    _unmount() {
      const survey = this._survey;
      this._survey = null;
      if (this._container) this._container.remove();
      this._container = null;
      if (!survey) return;
      // Freeing unmounts the survey and gives its draft's lock back. Inside an event listener
      // the app is still running the code that sent the event: free it right after.
      if (dispatching > 0) setTimeout(() => survey.free(), 0);
      else survey.free();
    }

    _emit(type, detail) {
      dispatching += 1;
      try {
        this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
      } finally {
        dispatching -= 1;
      }
    }

    _require() {
      if (!this._survey) throw problem('not-ready', 'the survey is not shown yet (wait for pq-ready)');
      return this._survey;
    }

    /// The answers now, by question name.
    getData() {
      return this._require().getData();
    }

    /// Sets answers (by question name; null clears one) and saves them.
    setData(answers) {
      this._require().setData(answers);
    }

    /// Checks every answer: {valid, errors}.
    validate() {
      return this._require().validate();
    }

    /// Finishes the survey: resolves to the submission, rejects with {code, message, errors}.
    submit() {
      try {
        return this._require().submit();
      } catch (error) {
        return Promise.reject(error);
      }
    }

    /// Removes the survey from the page (its draft stays on the device).
    destroy() {
      this.remove();
    }
  }

  /// Mounts a survey in `target`: a <pq-survey> element with `options` as attributes
  /// (draftKey for draft-key; readonly true or false) and `on` listeners by event name.
  function mount(target, options = {}) {
    if (!(target instanceof Element)) throw new TypeError('PQSurvey.mount: the target must be an element');
    const element = document.createElement('pq-survey');
    for (const [option, attribute] of Object.entries(OPTION_NAMES)) {
      const value = options[option];
      if (value !== undefined && value !== null) element.setAttribute(attribute, String(value));
    }
    if (options.readonly) element.setAttribute('readonly', '');
    for (const [name, listener] of Object.entries(options.on || {})) {
      element.addEventListener(name.startsWith('pq-') ? name : `pq-${name}`, listener);
    }
    const ready = new Promise((resolve, reject) => {
      element.addEventListener('pq-ready', (event) => resolve(event.detail), { once: true });
      element.addEventListener('pq-error', (event) => reject(event.detail), { once: true });
    });
    ready.catch(() => {});
    target.append(element);
    return {
      element,
      ready,
      getData: () => element.getData(),
      setData: (answers) => element.setData(answers),
      validate: () => element.validate(),
      submit: () => element.submit(),
      destroy: () => element.destroy(),
    };
  }

  customElements.define('pq-survey', PQSurveyElement);
  window.PQSurvey = Object.freeze({ mount, events: EVENTS.slice(), load: () => loadApp().then(() => undefined) });
})();

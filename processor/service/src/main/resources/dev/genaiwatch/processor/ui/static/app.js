// The page's shell: tabs, data from the processor's API (or, in the HTML report, from the embedded JSON), and the
// bearer token, asked for once and kept in sessionStorage, never in a URL.
(function () {
  'use strict';
  const GW = window.GW;
  const h = GW.h;
  const TOKEN_KEY = 'genai-watch.token';
  const embedded = document.getElementById('gw-report-data');
  const report = embedded ? JSON.parse(embedded.textContent) : null;
  const TABS = report ? ['drift', 'evaluations'] : ['overview', 'drift', 'evaluations', 'calls'];
  const TITLES = { overview: 'Overview', drift: 'Drift', evaluations: 'Evaluations', calls: 'Calls' };
  let selectedKey = null;
  let settings = null;
  let renders = 0;

  // Charts need their container's width, known once the view is in the document.
  const pending = [];
  GW.afterLayout = (fn) => pending.push(fn);
  function drawCharts() {
    for (const fn of pending.splice(0)) fn();
  }

  let asking = null;
  function askToken(refused) {
    if (!asking) {
      asking = new Promise((resolve) => {
        const input = h('input', { type: 'password', id: 'token', autocomplete: 'off', placeholder: 'bearer token' });
        const form = h(
          'form',
          { class: 'card', id: 'auth' },
          h('h2', {}, 'This processor needs a token'),
          h('p', { class: 'muted' }, 'The token from auth.token(.file). It is kept for this browser tab only (sessionStorage) and sent as a bearer header.'),
          refused ? h('p', { class: 'error-text' }, 'That token was refused.') : null,
          input,
          h('button', { class: 'action', type: 'submit', id: 'token-submit' }, 'Use token')
        );
        form.addEventListener('submit', (e) => {
          e.preventDefault();
          sessionStorage.setItem(TOKEN_KEY, input.value.trim());
          asking = null;
          resolve();
        });
        document.getElementById('app').replaceChildren(form);
        document.body.dataset.rendered = 'auth';
        input.focus();
      });
    }
    return asking;
  }

  async function api(path, options) {
    for (;;) {
      const token = sessionStorage.getItem(TOKEN_KEY);
      const headers = Object.assign({}, (options && options.headers) || {});
      if (token) headers.Authorization = 'Bearer ' + token;
      const response = await fetch('../api/' + path, Object.assign({}, options, { headers, cache: 'no-store' }));
      if (response.status !== 401) return response;
      await askToken(token != null);
    }
  }

  async function json(path) {
    const response = await api(path);
    if (!response.ok) throw new Error(`GET /api/${path}: ${response.status} ${await response.text()}`);
    return response.json();
  }

  /** An endpoint that may not exist in this processor version (the section is then left out). */
  async function optional(path) {
    const response = await api(path);
    return response.ok ? response.json() : null;
  }

  async function uiSettings() {
    if (report) return report.settings || {};
    if (!settings) settings = await json('ui');
    return settings;
  }

  async function pin(id, status) {
    const response = await api('drift/' + encodeURIComponent(id) + '/baseline', { method: 'POST' });
    if (!response.ok) {
      status.textContent = 'not pinned: ' + (await response.text());
      return;
    }
    selectedKey = id;
    await show('drift');
    const after = document.getElementById('pin-status');
    if (after) after.textContent = 'pinned: the current window is now the reference';
  }

  async function render(tab, root) {
    const links = await uiSettings();
    const actions = {
      traceUrl: links.traceUrl,
      traceIdPlaceholder: links.traceIdPlaceholder || '{traceId}',
      selectKey: (id) => {
        selectedKey = id;
        show('drift');
      },
      pin: report ? null : pin,
    };
    if (tab === 'overview') {
      const [overview, latency] = await Promise.all([json('overview'), optional('latency')]);
      GW.views.overview(root, overview, latency);
    } else if (tab === 'drift') {
      GW.views.drift(root, report ? report.drift : await json('drift'), actions, selectedKey);
    } else if (tab === 'evaluations') {
      const evaluations = report ? report.evaluations : await json('evaluations');
      if (evaluations) GW.views.evaluations(root, evaluations, actions);
      else root.append(h('h2', {}, 'Evaluations'), h('p', { class: 'muted' }, 'Not in this report: it was made from a drift state file, which holds no evaluations.'));
    } else {
      GW.views.calls(root, await json('calls?limit=200'), actions);
    }
  }

  async function show(tab) {
    if (!TABS.includes(tab)) tab = TABS[0];
    for (const button of document.querySelectorAll('#tabs button')) button.classList.toggle('active', button.dataset.tab === tab);
    const root = h('div', { id: 'view-' + tab });
    if (report) root.append(h('p', { class: 'muted', id: 'report-source' }, `Report of ${report.source}, written ${report.generatedAt}.`));
    pending.length = 0;
    try {
      await render(tab, root);
      document.getElementById('app').replaceChildren(root);
      drawCharts();
    } catch (e) {
      document.getElementById('app').replaceChildren(h('div', { class: 'card error-text', id: 'load-error' }, 'Cannot load this view: ' + e.message));
    }
    document.body.dataset.rendered = tab;
    document.body.dataset.renders = String(++renders);
  }

  function current() {
    return (location.hash || '').replace(/^#/, '') || TABS[0];
  }

  document.getElementById('tabs').replaceChildren(
    ...TABS.map((tab) => h('button', { 'data-tab': tab, onclick: () => (current() === tab ? show(tab) : (location.hash = tab)) }, TITLES[tab]))
  );
  window.addEventListener('hashchange', () => show(current()));
  show(current());
})();

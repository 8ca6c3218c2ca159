// The views of the page and the report: each renders from the JSON the processor's API answers.
(function () {
  'use strict';
  const GW = (window.GW = window.GW || {});

  /** An element; children are nodes or text (never parsed as HTML). */
  function h(tag, attrs, ...children) {
    const el = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v == null || v === false) continue;
      if (k === 'class') el.className = v;
      else if (k === 'onclick') el.addEventListener('click', v);
      else if (k.startsWith('data-')) el.setAttribute(k, String(v));
      else el.setAttribute(k, v === true ? '' : String(v));
    }
    for (const c of children.flat()) {
      if (c == null || c === false) continue;
      el.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return el;
  }
  GW.h = h;

  const fmt = {
    count: (v) => (v == null ? '–' : String(v)),
    seconds: (v) => (v == null ? '–' : v.toFixed(3) + ' s'),
    ratio: (v) => (v == null ? '–' : (100 * v).toFixed(1) + ' %'),
    rate: (v) => (v == null ? '–' : v.toFixed(1)),
    usd: (v) => (v == null ? '–' : '$' + v.toFixed(4)),
    number: (v) => (v == null ? '–' : Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 1 ? v.toFixed(2) : v.toPrecision(3)),
    time: (nanos) => new Date(nanos / 1e6).toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z'),
  };
  GW.fmt = fmt;

  function cell(field, value, format) {
    return h('td', { class: 'num', 'data-field': field, 'data-value': value == null ? '' : value }, format(value));
  }

  function chartCard(title, draw, attrs) {
    const el = h('div', Object.assign({ class: 'chart' }, attrs || {}));
    const card = h('div', { class: 'card' }, el);
    GW.afterLayout(() => draw(el, title));
    return card;
  }

  // ---- Overview -------------------------------------------------------------------------------------------------
  const OVERVIEW_COLUMNS = [
    ['calls', 'calls', fmt.count],
    ['errors', 'errors', fmt.count],
    ['durationP50', 'p50 duration', fmt.seconds],
    ['durationP95', 'p95 duration', fmt.seconds],
    ['ttftP50', 'p50 TTFT', fmt.seconds],
    ['ttftP95', 'p95 TTFT', fmt.seconds],
    ['tokensPerSecond', 'tokens/s', fmt.rate],
    ['cacheHitRatio', 'KV-cache hit', fmt.ratio],
    ['costUsd', 'cost', fmt.usd],
  ];

  // Where the wait for the first token went, per service, model and server (/api/latency: each call joined with the
  // model server's own llm_request span); means in ms over every joined call.
  const LATENCY_PARTS = [
    ['meanNetworkMs', 'network'],
    ['meanQueueMs', 'queue'],
    ['meanPrefillMs', 'prefill'],
    ['meanDecodeMs', 'decode'],
  ];
  function latencySplit(latency) {
    const keys = latency.keys || [];
    if (keys.length === 0) {
      return h('div', { class: 'card', id: 'latency' }, h('p', { class: 'muted' }, 'No call joined with a model-server span yet (start the model server with --otlp-traces-endpoint pointing here).'));
    }
    const ms = (v) => (v == null ? '–' : `${Number(v).toFixed(1)} ms`);
    return h(
      'div',
      { class: 'card scroll', id: 'latency' },
      h(
        'table',
        { id: 'latency-table' },
        h('thead', {}, h('tr', {}, ['service', 'model', 'server', 'calls'].map((t) => h('th', {}, t)), LATENCY_PARTS.map(([, t]) => h('th', { class: 'num' }, t)), h('th', {}, 'first token waits on'))),
        h(
          'tbody',
          {},
          keys.map((k) =>
            h(
              'tr',
              {},
              h('td', {}, k.serviceName),
              h('td', {}, k.model),
              h('td', {}, k.server),
              h('td', { class: 'num' }, String(k.all.calls)),
              LATENCY_PARTS.map(([f]) => h('td', { class: 'num', 'data-field': f }, ms(k.all[f]))),
              h('td', {}, `${k.all.dominantPartOfFirstToken || '–'} (queue ${Math.round(100 * (k.all.queueShareOfFirstToken || 0))} %)`)
            )
          )
        )
      )
    );
  }

  GW.views = {};
  GW.views.overview = function (root, data, latency) {
    const priced = data.groups.some((g) => g.costUsd != null);
    const columns = OVERVIEW_COLUMNS.filter(([f]) => f !== 'costUsd' || priced);
    root.append(
      h('h2', {}, 'Overview'),
      h('p', { class: 'muted' }, `Per service and model, from the ${data.calls} most recent calls the processor keeps (buckets of ${data.bucketSeconds} s).`)
    );
    const table = h(
      'table',
      { id: 'overview-table' },
      h('thead', {}, h('tr', {}, h('th', {}, 'service'), h('th', {}, 'model'), columns.map(([, label]) => h('th', { class: 'num' }, label)))),
      h(
        'tbody',
        {},
        data.groups.map((g) =>
          h('tr', { 'data-service': g.service, 'data-model': g.model }, h('td', {}, g.service), h('td', {}, g.model), columns.map(([f, , format]) => cell(f, g[f], format)))
        )
      )
    );
    root.append(h('div', { class: 'card scroll' }, table));
    if (data.groups.length === 0) {
      root.append(h('p', { class: 'muted' }, 'No calls yet.'));
      return;
    }
    const charts = [
      ['calls', 'Calls'],
      ['errors', 'Errors'],
      ['durationP95', 'p95 duration (s)'],
      ['ttftP95', 'p95 time to first token (s)'],
      ['tokensPerSecond', 'Output tokens per second'],
      ['cacheHitRatio', 'KV-cache hit ratio'],
    ];
    if (priced) charts.push(['costUsd', 'Cost (USD)']);
    const grid = h('div', { class: 'grid' });
    for (const [field, title] of charts) {
      grid.append(
        chartCard(
          title,
          (el) =>
            GW.lineChart(el, {
              title,
              x: data.times,
              time: true,
              series: data.groups.map((g) => ({ label: `${g.service} ${g.model}`, values: g.series[field] })),
            }),
          { 'data-chart': 'overview-' + field }
        )
      );
    }
    root.append(grid);
    if (latency && latency.enabled !== false) {
      root.append(h('h2', {}, 'Latency split'), latencySplit(latency));
    }
  };

  // ---- Drift ----------------------------------------------------------------------------------------------------
  function featureOrder(key) {
    const names = new Set(Object.keys(key.features || {}).concat(Object.keys(key.distributions || {})));
    return [...names].sort((a, b) => {
      const da = key.features[a] && key.features[a].drifting ? 0 : 1;
      const db = key.features[b] && key.features[b].drifting ? 0 : 1;
      return da - db || a.localeCompare(b);
    });
  }

  function distributionLabels(dist) {
    if (dist.kind === 'categorical') return dist.categories;
    return dist.edges.slice(0, -1).map((e) => fmt.number(e));
  }

  GW.views.drift = function (root, data, actions, selectedId) {
    root.append(h('h2', {}, 'Drift'));
    const keys = data.keys || [];
    if (keys.length === 0) {
      root.append(h('p', { class: 'muted' }, 'No drift keys yet: drift starts once model calls arrive.'));
      return;
    }
    const selected = keys.find((k) => k.id === selectedId) || keys.find((k) => k.drifting) || keys[0];
    root.append(
      h(
        'div',
        { class: 'keys', id: 'drift-keys' },
        keys.map((k) =>
          h(
            'button',
            { class: k === selected ? 'active' : '', 'data-key': k.id, onclick: () => actions.selectKey(k.id) },
            k.id + ' ',
            h('span', { class: 'badge ' + k.status }, k.status)
          )
        )
      )
    );
    const key = selected;
    const header = h(
      'div',
      { class: 'card', id: 'drift-key', 'data-key': key.id },
      h('h3', {}, key.id, ' ', h('span', { class: 'badge ' + key.status }, key.status)),
      h('p', { class: 'muted' }, `${key.calls} calls · reference ${key.referenceSize} calls${key.pinned ? ' (pinned)' : ''} · current window ${key.currentSize} · ${key.detector} detector · ${key.evaluations} evaluations`)
    );
    if (actions.pin) {
      const status = h('span', { class: 'muted', id: 'pin-status' });
      const confirm = h('button', { class: 'action', id: 'pin-confirm', hidden: true, onclick: () => actions.pin(key.id, status) }, 'Confirm: pin the current window');
      header.append(
        h('p', {}, h('button', { class: 'action', id: 'pin', onclick: () => (confirm.hidden = false) }, 'Pin this window as the baseline'), ' ', confirm, ' ', status)
      );
    }
    const alarms = (key.alarmHistory || []).slice().reverse();
    header.append(
      h('h3', {}, 'Alarms'),
      alarms.length === 0
        ? h('p', { class: 'muted' }, 'No alarm so far.')
        : h(
            'div',
            { id: 'alarms' },
            alarms.map((a) =>
              h('div', { class: 'alarm' + (a.started ? '' : ' ended'), 'data-feature': a.feature, 'data-call': a.call }, `${a.started ? 'started' : 'ended'} at call ${a.call}: ${a.effect || a.feature}`)
            )
          )
    );
    root.append(header);
    const grid = h('div', { class: 'grid' });
    for (const name of featureOrder(key)) {
      const feature = key.features[name] || {};
      const dist = (key.distributions || {})[name];
      const history = feature.history;
      const markers = (key.alarmHistory || []).filter((a) => a.feature === name).map((a) => ({ x: a.call, started: a.started }));
      const card = h(
        'div',
        { class: 'card', 'data-feature': name },
        h('h3', {}, name, ' ', feature.drifting ? h('span', { class: 'badge drifting' }, 'drifting') : null, feature.group ? h('span', { class: 'muted' }, ' ' + feature.group) : null),
        feature.effect ? h('p', { class: 'effect' }, feature.effect) : null
      );
      if (dist) {
        const el = h('div', { class: 'chart', 'data-chart': 'distribution' });
        card.append(el);
        GW.afterLayout(() =>
          GW.compareBars(el, {
            title: `reference (${dist.referenceCount}) vs current (${dist.currentCount})`,
            labels: distributionLabels(dist),
            reference: dist.reference,
            current: dist.current,
          })
        );
      }
      if (history && history.points.length > 0) {
        const el = h('div', { class: 'chart', 'data-chart': 'history', 'data-alarm-calls': markers.filter((m) => m.started).map((m) => m.x).join(',') });
        card.append(el);
        const title = name.endsWith('_embedding') ? 'centroid distance over calls (threshold dashed)' : `${history.statistic} over calls (threshold dashed)`;
        GW.afterLayout(() =>
          GW.lineChart(el, {
            title,
            x: history.points.map((p) => p[0]),
            series: [{ label: history.statistic, values: history.points.map((p) => p[1]) }],
            threshold: history.threshold,
            markers,
            height: 170,
          })
        );
      }
      grid.append(card);
    }
    root.append(grid);
  };

  // ---- Evaluations ----------------------------------------------------------------------------------------------
  GW.views.evaluations = function (root, data, actions) {
    root.append(h('h2', {}, 'Evaluations'));
    const rubrics = Object.entries(data.rubrics || {});
    root.append(h('h3', {}, 'Judge scores per rubric'));
    if (rubrics.length === 0) root.append(h('p', { class: 'muted' }, 'No judge scores yet (is an LLM judge configured?).'));
    const grid = h('div', { class: 'grid', id: 'rubrics' });
    for (const [rubric, r] of rubrics) {
      grid.append(
        chartCard(
          rubric,
          (el) => GW.bars(el, { title: `${rubric}: ${r.count} scores, mean ${fmt.number(r.mean)}`, labels: r.edges.slice(0, -1).map((e) => fmt.number(e)), counts: r.counts }),
          { 'data-chart': 'rubric', 'data-rubric': rubric }
        )
      );
    }
    root.append(grid);
    const flags = data.flags || { rates: {}, totals: {}, times: [] };
    const checks = Object.keys(flags.rates);
    root.append(h('h3', {}, 'Heuristic flags'));
    if (checks.length === 0) {
      root.append(h('p', { class: 'muted' }, 'No heuristic results on the recent calls.'));
    } else {
      root.append(
        h(
          'div',
          { class: 'card scroll' },
          h(
            'table',
            { id: 'flag-totals' },
            h('thead', {}, h('tr', {}, h('th', {}, 'check'), h('th', { class: 'num' }, 'flagged'), h('th', { class: 'num' }, 'of calls'))),
            h('tbody', {}, checks.map((c) => h('tr', { 'data-check': c }, h('td', {}, c), cell('flagged', flags.totals[c], fmt.count), cell('calls', flags.calls, fmt.count))))
          )
        ),
        chartCard(
          'flag rates',
          (el) =>
            GW.lineChart(el, {
              title: 'Share of calls flagged, per ' + flags.bucketSeconds + ' s',
              x: flags.times,
              time: true,
              series: checks.map((c) => ({ label: c, values: flags.rates[c] })),
              yRange: [0, 1],
            }),
          { 'data-chart': 'flag-rates' }
        )
      );
    }
    root.append(h('h3', {}, 'Flagged calls'));
    GW.views.callTable(root, data.flagged || [], actions, 'flagged-calls');
  };

  // ---- Calls ----------------------------------------------------------------------------------------------------
  GW.views.callTable = function (root, calls, actions, id) {
    if (calls.length === 0) {
      root.append(h('p', { class: 'muted' }, 'None.'));
      return;
    }
    const body = h('tbody');
    for (const call of calls) {
      const attrs = call.attributes || {};
      const flags = call.flags || Object.keys(attrs).filter((k) => k.startsWith('genai_watch.eval.') && attrs[k] === true).map((k) => k.slice('genai_watch.eval.'.length));
      const row = h(
        'tr',
        { class: 'clickable', 'data-trace-id': call.traceId },
        h('td', {}, fmt.time(call.startTimeUnixNano)),
        h('td', {}, call['service.name'] || ''),
        h('td', {}, call.name),
        h('td', { class: 'num' }, fmt.seconds(call.durationSeconds)),
        h('td', {}, call.status === 'STATUS_CODE_ERROR' || attrs['error.type'] ? h('span', { class: 'badge error' }, attrs['error.type'] || 'error') : 'ok'),
        h('td', {}, flags.map((f) => h('span', { class: 'badge flag' }, f)))
      );
      const detail = h('tr', { hidden: true, class: 'detail' }, h('td', { colspan: 6 }, GW.views.callDetail(call, flags, actions)));
      row.addEventListener('click', () => (detail.hidden = !detail.hidden));
      body.append(row, detail);
    }
    root.append(
      h(
        'div',
        { class: 'card scroll' },
        h('table', { id }, h('thead', {}, h('tr', {}, ['time', 'service', 'span', 'duration', 'status', 'flags'].map((c) => h('th', {}, c)))), body)
      )
    );
  };

  GW.views.callDetail = function (call, flags, actions) {
    const box = h('div', { class: 'call-detail' });
    const link = actions.traceUrl && call.traceId ? actions.traceUrl.split(actions.traceIdPlaceholder).join(encodeURIComponent(call.traceId)) : null;
    box.append(
      h('p', {}, 'trace ', link ? h('a', { href: link, target: '_blank', rel: 'noopener noreferrer', 'data-trace': call.traceId }, call.traceId) : call.traceId, ' · span ', call.spanId),
      flags.length ? h('p', {}, 'evaluation flags: ', flags.join(', ')) : null,
      h('pre', {}, JSON.stringify(call.attributes, null, 2))
    );
    return box;
  };

  GW.views.calls = function (root, data, actions) {
    root.append(h('h2', {}, 'Recent calls'), h('p', { class: 'muted' }, 'Newest first; content as the processor received it (redacted by the agent). Click a call for its attributes.'));
    GW.views.callTable(root, data.calls || [], actions, 'calls-table');
  };
})();

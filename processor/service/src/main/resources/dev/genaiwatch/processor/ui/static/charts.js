// Chart helpers over uPlot (window.uPlot, from the processor jar's WebJar), shared by the page and the report.
(function () {
  'use strict';
  const GW = (window.GW = window.GW || {});
  const COLORS = ['#3366cc', '#dc3912', '#ff9900', '#109618', '#990099', '#0099c6', '#dd4477', '#66aa00'];
  GW.colors = COLORS;

  function width(el) {
    return Math.max(240, Math.floor(el.getBoundingClientRect().width || el.parentElement.clientWidth || 320));
  }

  // Threshold line and alarm markers, drawn through uPlot's draw hook on its own canvas.
  function overlays(threshold, markers) {
    return function (u) {
      const ctx = u.ctx;
      const { left, top, width: w, height: h } = u.bbox;
      ctx.save();
      ctx.lineWidth = 2 * devicePixelRatio;
      if (threshold != null) {
        const y = u.valToPos(threshold, 'y', true);
        ctx.strokeStyle = '#c0392b';
        ctx.setLineDash([6 * devicePixelRatio, 4 * devicePixelRatio]);
        ctx.beginPath();
        ctx.moveTo(left, y);
        ctx.lineTo(left + w, y);
        ctx.stroke();
        ctx.setLineDash([]);
      }
      for (const m of markers || []) {
        const x = u.valToPos(m.x, 'x', true);
        if (x < left || x > left + w) continue;
        ctx.strokeStyle = m.started ? '#c0392b' : '#2e7d32';
        ctx.beginPath();
        ctx.moveTo(x, top);
        ctx.lineTo(x, top + h);
        ctx.stroke();
      }
      ctx.restore();
    };
  }

  /**
   * A line chart. spec: {title, x: [..], time: bool, series: [{label, values}], threshold, markers: [{x, started}],
   * yRange: [min, max] (optional)}.
   */
  GW.lineChart = function (el, spec) {
    const series = [{}].concat(
      spec.series.map((s, i) => ({
        label: s.label,
        stroke: s.color || COLORS[i % COLORS.length],
        width: 2,
        spanGaps: false,
        points: { show: spec.x.length < 40 },
      }))
    );
    const threshold = spec.threshold;
    const markerXs = (spec.markers || []).map((m) => m.x);
    const opts = {
      title: spec.title,
      width: width(el),
      height: spec.height || 200,
      scales: {
        x: {
          time: !!spec.time,
          range: (u, min, max) => {
            const lo = Math.min(min, ...markerXs);
            const hi = Math.max(max, ...markerXs);
            return lo === hi ? [lo - 1, hi + 1] : [lo, hi];
          },
        },
        y: {
          range: (u, min, max) => {
            let lo = Math.min(0, min == null ? 0 : min);
            let hi = Math.max(max == null ? 1 : max, threshold == null ? -Infinity : threshold * 1.15);
            if (spec.yRange) [lo, hi] = spec.yRange;
            return hi > lo ? [lo, hi] : [lo, lo + 1];
          },
        },
      },
      series,
      axes: [{}, { size: 56 }],
      hooks: { draw: [overlays(threshold, spec.markers)] },
    };
    const data = [spec.x].concat(spec.series.map((s) => s.values));
    el.dataset.points = String(spec.x.length);
    el.dataset.markers = markerXs.join(',');
    // Kept on the element so a test can ask where a value is drawn.
    el.uplot = new uPlot(opts, data, el);
    return el.uplot;
  };

  /** Bars over labelled slots (histogram bins or categories); {@code series} are uPlot series after x. */
  function barChart(el, spec, series, values, yMin, yFormat) {
    const xs = spec.labels.map((_, i) => i);
    const slanted = spec.labels.length > 6;
    const opts = {
      title: spec.title,
      width: width(el),
      height: spec.height || 190,
      scales: { x: { time: false, range: () => [-0.6, xs.length - 0.4] }, y: { range: (u, min, max) => [0, Math.max(max || 0, yMin) * 1.1] } },
      series: [{ value: (u, v) => (v == null ? '' : spec.labels[v]) }].concat(series),
      axes: [
        { values: (u, splits) => splits.map((i) => (Number.isInteger(i) && spec.labels[i] != null ? spec.labels[i] : '')), rotate: slanted ? -30 : 0, size: slanted ? 56 : 36 },
        yFormat ? { size: 48, values: yFormat } : { size: 48 },
      ],
    };
    return new uPlot(opts, [xs].concat(values), el);
  }

  function barSeries(label, rgb, paths, value) {
    return { label, stroke: `rgb(${rgb})`, fill: `rgba(${rgb},0.55)`, paths, points: { show: false }, value };
  }

  const percent = (u, v) => (v == null ? '' : (100 * v).toFixed(1) + ' %');

  /** Two distributions side by side. spec: {title, labels: [..] (bin starts or categories), reference, current}. */
  GW.compareBars = function (el, spec) {
    const bars = (align) => uPlot.paths.bars({ size: [0.42, 40], align });
    return barChart(
      el,
      spec,
      [barSeries('reference', '51,102,204', bars(-1), percent), barSeries('current', '220,57,18', bars(1), percent)],
      [spec.reference, spec.current],
      0.01,
      (u, splits) => splits.map((v) => Math.round(100 * v) + '%')
    );
  };

  /** A single histogram of counts. spec: {title, labels, counts}. */
  GW.bars = function (el, spec) {
    return barChart(el, spec, [barSeries('count', '51,102,204', uPlot.paths.bars({ size: [0.8, 60] }))], [spec.counts], 1);
  };
})();

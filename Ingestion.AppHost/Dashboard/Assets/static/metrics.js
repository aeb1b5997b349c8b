// Metrics: one card per instrument, an inline SVG line per series (resource × attributes).
'use strict';
(() => {
  const { api, h, replace, fmt, colorFor, bindFilters, fillResourceSelect, live, readQuery, empty } = Dash;
  const grid = document.getElementById('charts');
  const form = document.getElementById('filters');
  const names = ['resource', 'instrument'];
  let filters = readQuery(names);
  const svgNs = 'http://www.w3.org/2000/svg';
  const seriesColors = ['#4f7df3', '#f08a24', '#20a37a', '#c8507e', '#8d63d6', '#1f9fb8', '#b89a1c', '#e05a4f'];

  async function refresh() {
    const instruments = (await api('/api/metrics')) || [];
    fillInstruments(instruments);
    const wanted = filters.instrument
      ? instruments.filter(i => i.name === filters.instrument)
      : instruments.filter(i => i.name.startsWith('ingestion.'));
    const shown = wanted.filter(i => !filters.resource || i.resources.includes(filters.resource));
    if (!shown.length) {
      replace(grid, h('section', { class: 'panel', style: { gridColumn: '1 / -1' } },
        empty(instruments.length ? 'No key metrics yet: the services report ingestion.* instruments once they handle events.' : 'No metrics received yet.')));
      return;
    }
    const query = filters.resource ? '?resource=' + encodeURIComponent(filters.resource) : '';
    const metrics = await Promise.all(shown.map(i => api(`/api/metrics/${encodeURIComponent(i.name)}${query}`)));
    drawings.length = 0;
    replace(grid, metrics.filter(Boolean).map(card));
    drawAll();
  }

  // Charts are drawn at the card's real pixel width, so text and lines keep their size.
  function drawAll() {
    for (const container of grid.querySelectorAll('.chart[data-index]')) {
      const { series, unit } = drawings[container.dataset.index];
      replace(container, chart(series, unit, container.clientWidth || 600));
    }
  }

  const drawings = [];
  window.addEventListener('resize', Dash.debounce(drawAll, 150));

  function fillInstruments(instruments) {
    const select = form.elements.instrument;
    const known = new Set([...select.options].map(o => o.value));
    for (const instrument of instruments) {
      if (!known.has(instrument.name)) select.append(h('option', { value: instrument.name }, instrument.name));
    }
    if (filters.instrument) select.value = filters.instrument;
  }

  function label(series, metric) {
    const entries = Object.entries(series.attributes);
    // One attribute (e.g. queue) needs no key: its value says it.
    const attributes = entries.length === 1 ? entries[0][1] : entries.map(([k, v]) => `${k}=${v}`).join(', ');
    const multipleResources = new Set(metric.series.map(s => s.resource)).size > 1;
    return [multipleResources || !attributes ? series.resource : null, attributes || null].filter(Boolean).join(' · ');
  }

  function card(metric) {
    const series = metric.series.filter(s => s.points.length).slice(0, 8);
    const isHistogram = metric.kind === 'Histogram';
    const latest = series.length === 1 ? series[0].points.at(-1).value : null;
    return h('section', { class: 'panel chart-card' },
      h('div', { class: 'panel-head' },
        h('div', {}, h('h2', {}, metric.name),
          h('div', { class: 'desc' }, (metric.description || '') + (isHistogram ? ' (mean per interval)' : metric.kind === 'Counter' ? ' (running total)' : ''))),
        latest !== null ? h('div', { class: 'latest' }, fmt.number(latest, metric.unit)) : null),
      series.length
        ? h('div', { class: 'chart', 'data-index': drawings.push({ series, unit: metric.unit }) - 1 })
        : h('div', { class: 'chart' }, empty('No points yet.')),
      h('div', { class: 'chart-legend' }, series.map((s, index) =>
        h('span', { class: 'chip' }, h('i', { style: { background: colorOf(s, index, series) } }), label(s, metric) || metric.name))));
  }

  function colorOf(series, index, all) {
    const oneResource = new Set(all.map(s => s.resource)).size === 1;
    return oneResource ? seriesColors[index % seriesColors.length] : colorFor(series.resource);
  }

  function chart(series, unit, width) {
    const height = 170, left = 46, right = 10, top = 10, bottom = 22;
    const points = series.flatMap(s => s.points.map(p => ({ t: new Date(p.time).getTime(), v: p.value })));
    const t0 = Math.min(...points.map(p => p.t)), t1 = Math.max(...points.map(p => p.t), t0 + 1000);
    let v0 = Math.min(0, ...points.map(p => p.v)), v1 = Math.max(...points.map(p => p.v));
    if (v1 <= v0) v1 = v0 + 1;
    v1 = niceCeiling(v1 - v0) + v0;
    const x = t => left + ((t - t0) / (t1 - t0)) * (width - left - right);
    const y = v => top + (1 - (v - v0) / (v1 - v0)) * (height - top - bottom);
    const svg = el('svg', { viewBox: `0 0 ${width} ${height}`, width, height, role: 'img' });
    const grid = el('g', { class: 'grid' });
    const axis = el('g', { class: 'axis' });
    for (let i = 0; i <= 4; i++) {
      const v = v0 + ((v1 - v0) * i) / 4;
      grid.append(el('line', { x1: left, x2: width - right, y1: y(v), y2: y(v) }));
      axis.append(text(left - 6, y(v) + 3, fmt.number(v, ''), 'end'));
    }
    for (const f of [0, 0.5, 1]) {
      const t = t0 + (t1 - t0) * f;
      axis.append(text(x(t), height - 6, Dash.fmt.time(new Date(t).toISOString()).slice(0, 8), f === 0 ? 'start' : f === 1 ? 'end' : 'middle'));
    }
    svg.append(grid, axis);
    series.forEach((s, index) => {
      const d = s.points.map((p, i) => `${i ? 'L' : 'M'}${x(new Date(p.time).getTime()).toFixed(1)},${y(p.value).toFixed(1)}`).join(' ');
      const path = el('path', { d, class: 'series', stroke: colorOf(s, index, series) });
      const title = el('title', {});
      title.textContent = `${s.resource}: latest ${fmt.number(s.points.at(-1).value, unit)}`;
      path.append(title);
      svg.append(path);
    });
    return svg;
  }

  function niceCeiling(value) {
    const magnitude = Math.pow(10, Math.floor(Math.log10(value)));
    // Ceilings divisible by four, so the four grid lines fall on round numbers.
    for (const step of [1, 1.2, 1.6, 2, 4, 6, 8, 10]) if (step * magnitude >= value) return step * magnitude;
    return 10 * magnitude;
  }

  function el(name, attributes) {
    const element = document.createElementNS(svgNs, name);
    for (const [k, v] of Object.entries(attributes)) element.setAttribute(k, v);
    return element;
  }

  function text(x, y, value, anchor) {
    const element = el('text', { x, y, 'text-anchor': anchor });
    element.textContent = value;
    return element;
  }

  fillResourceSelect(form.elements.resource, filters.resource).then(() => {
    bindFilters(form, names, values => { filters = values; refresh(); });
    refresh();
  });
  live(['metrics'], refresh);
})();

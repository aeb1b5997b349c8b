// Traces list: name, resources touched, span count, duration (bar relative to the slowest), errors.
'use strict';
(() => {
  const { api, h, replace, fmt, resourceChip, badge, bindFilters, fillResourceSelect, live, readQuery, empty } = Dash;
  const body = document.querySelector('#traces tbody');
  const summary = document.getElementById('trace-summary');
  const form = document.getElementById('filters');
  const names = ['resource', 'name', 'attr', 'errors'];
  let filters = readQuery(names);

  async function refresh() {
    const query = new URLSearchParams({ limit: 200 });
    for (const name of names) if (filters[name]) query.set(name, filters[name]);
    const traces = (await api('/api/traces?' + query)) || [];
    summary.textContent = `${traces.length === 200 ? 'Latest 200' : traces.length} traces, newest first.`;
    if (!traces.length) {
      replace(body, h('tr', {}, h('td', { colspan: 6 }, empty('No traces match.'))));
      return;
    }
    const slowest = Math.max(...traces.map(t => t.durationMs), 1);
    replace(body, traces.map(trace => h('tr', { class: 'clickable', onclick: () => { location.href = `/traces/${trace.traceId}`; } },
      h('td', { class: 'nowrap mono', title: fmt.dateTime(trace.start) }, fmt.time(trace.start)),
      h('td', {}, h('a', { href: `/traces/${trace.traceId}` }, trace.name),
        h('div', { class: 'type mono' }, trace.traceId.slice(0, 16))),
      h('td', { class: 'col-opt' }, trace.resources.map(resourceChip)),
      h('td', { class: 'num col-opt' }, trace.spanCount),
      h('td', { class: 'num' }, h('div', { class: 'duration-cell' },
        h('span', { class: 'duration-bar col-opt', style: { width: `${Math.max(2, 80 * trace.durationMs / slowest)}px` } }),
        fmt.duration(trace.durationMs))),
      h('td', { class: 'num' }, trace.errorCount ? badge(String(trace.errorCount), 'err') : h('span', { class: 'muted' }, '–')))));
  }

  fillResourceSelect(form.elements.resource, filters.resource).then(() => {
    bindFilters(form, names, values => { filters = values; refresh(); });
    refresh();
  });
  live(['traces'], refresh);
})();

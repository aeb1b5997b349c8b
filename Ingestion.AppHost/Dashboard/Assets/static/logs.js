// Structured logs: filter by resource, level, text and attribute; a row opens its attributes.
'use strict';
(() => {
  const { api, h, replace, fmt, resourceChip, bindFilters, fillResourceSelect, live, readQuery, kvList, empty } = Dash;
  const body = document.querySelector('#logs tbody');
  const summary = document.getElementById('log-summary');
  const form = document.getElementById('filters');
  const names = ['resource', 'level', 'text', 'attr', 'traceId'];
  let filters = readQuery(names);
  const open = new Set();

  async function refresh() {
    const query = new URLSearchParams({ limit: 500 });
    for (const name of names) if (filters[name]) query.set(name, filters[name]);
    const page = await api('/api/logs?' + query);
    const entries = page ? page.entries : [];
    summary.textContent = filters.traceId
      ? `Logs of trace ${filters.traceId}`
      : `${entries.length === 500 ? 'Latest 500' : entries.length} records, newest first.`;
    if (!entries.length) {
      replace(body, h('tr', {}, h('td', { colspan: 5 }, empty('No log records match.'))));
      return;
    }
    replace(body, entries.flatMap(row));
  }

  function row(entry) {
    const isOpen = open.has(entry.sequence);
    const toggle = () => { isOpen ? open.delete(entry.sequence) : open.add(entry.sequence); refresh(); };
    const rows = [h('tr', { class: 'clickable' + (isOpen ? ' selected' : ''), onclick: toggle },
      h('td', { class: 'nowrap mono', title: fmt.dateTime(entry.timestamp) }, fmt.time(entry.timestamp)),
      h('td', {}, h('span', { class: `level level-${entry.severity}` }, entry.severity === 'Information' ? 'Info' : entry.severity)),
      h('td', { class: 'col-opt' }, resourceChip(entry.resource)),
      h('td', { class: 'cell-message' + (isOpen ? ' open' : '') }, h('span', { class: 'text' }, entry.message || '(no message)')),
      h('td', { class: 'col-opt mono nowrap' }, entry.traceId
        ? h('a', { href: `/traces/${entry.traceId}`, onclick: e => e.stopPropagation() }, entry.traceId.slice(0, 8))
        : ''))];
    if (isOpen) {
      rows.push(h('tr', { class: 'detail-row' }, h('td', { colspan: 5 },
        h('div', { class: 'queue-sub' }, 'Attributes'),
        kvList({ ...entry.attributes, 'log.scope': entry.scope, 'log.resource': entry.resource, ...(entry.spanId ? { 'log.span_id': entry.spanId } : {}) }))));
    }
    return rows;
  }

  fillResourceSelect(form.elements.resource, filters.resource).then(() => {
    bindFilters(form, names, values => { filters = values; refresh(); });
    refresh();
  });
  live(['logs'], refresh);
})();

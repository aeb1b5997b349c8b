// Console logs: every resource's output interleaved (or one resource's), appended as it arrives.
'use strict';
(() => {
  const { api, h, replace, fmt, colorFor, bindFilters, fillResourceSelect, live, readQuery, empty } = Dash;
  const MaxLines = 5000;
  const view = document.getElementById('console');
  const follow = document.getElementById('follow');
  const form = document.getElementById('filters');
  let after = 0;
  let filters = readQuery(['resource', 'text']);
  let loading = false;

  function line(entry) {
    return h('div', { class: 'line' + (entry.isError ? ' err' : '') },
      h('span', { class: 't' }, fmt.time(entry.timestamp)),
      h('span', { class: 'r', style: { color: colorFor(entry.resource) } }, entry.resource),
      h('span', { class: 'x' }, entry.text));
  }

  async function load(reset) {
    if (loading) return;
    loading = true;
    try {
      if (reset) { after = 0; replace(view); }
      const query = new URLSearchParams({ after, limit: reset ? 2000 : 1000 });
      if (filters.resource) query.set('resource', filters.resource);
      if (filters.text) query.set('text', filters.text);
      const page = await api('/api/console?' + query);
      if (!page) return;
      after = Math.max(after, page.lastSequence);
      const nearBottom = view.scrollHeight - view.scrollTop - view.clientHeight < 40;
      view.querySelector('.empty')?.remove();
      view.append(...page.lines.map(line));
      while (view.childElementCount > MaxLines) view.firstElementChild.remove();
      if (!view.childElementCount) view.append(empty('No output yet.'));
      if (follow.checked && (reset || nearBottom || page.lines.length)) view.scrollTop = view.scrollHeight;
    } finally {
      loading = false;
    }
  }

  fillResourceSelect(form.elements.resource, filters.resource).then(() => {
    bindFilters(form, ['resource', 'text'], values => { filters = values; load(true); });
    load(true);
  });
  live(['console'], () => load(false));
})();

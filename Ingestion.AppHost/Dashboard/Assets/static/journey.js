// Event journey: the stages of one event beside its trace; recent events when none is chosen.
'use strict';
(() => {
  const { api, h, replace, fmt, resourceChip, badge, live, readQuery, writeQuery, toast, empty } = Dash;
  const form = document.getElementById('search');
  const root = document.getElementById('journey');
  let eventId = readQuery(['id']).id;
  let waterfall = null;

  const tones = { stored: 'ok', processed: 'ok', dead_lettered: 'err', failed: 'err', retrying: 'warn', waiting: 'info', accepted: 'info', published: 'info' };
  const labels = { dead_lettered: 'Dead-lettered', stored: 'Stored', processed: 'Processed', retrying: 'Retrying', waiting: 'Waiting', failed: 'Failed', accepted: 'Accepted', unknown: 'Unknown' };
  const markers = { done: '✓', failed: '!', current: '•', pending: '' };

  form.elements.id.value = eventId;
  form.addEventListener('submit', event => {
    event.preventDefault();
    eventId = form.elements.id.value.trim();
    writeQuery({ id: eventId });
    waterfall = null;
    refresh();
  });

  async function refresh() {
    if (!eventId) return showRecent();
    const journey = await api(`/api/events/${encodeURIComponent(eventId)}`);
    if (!journey) return;
    const trace = journey.traceIds.length ? await api(`/api/traces/${journey.traceIds[0]}`) : null;
    render(journey, trace);
  }

  function render(journey, trace) {
    const tone = tones[journey.status] || '';
    const traceColumn = h('div', { id: 'journey-trace' });
    replace(root,
      h('div', { class: `status-banner ${tone === 'info' ? '' : tone}` },
        badge(labels[journey.status] || journey.status, tone),
        h('div', {},
          h('div', {}, journey.summary),
          h('div', { class: 'muted small' }, [
            journey.source ? `source ${journey.source}` : null,
            journey.entityName ? `entity ${journey.entityName}` : null,
            journey.queue ? `queue ${journey.queue}` : null,
          ].filter(Boolean).join(' · ')))),
      h('div', { class: 'journey-layout' },
        h('div', { class: 'stack' },
          h('section', { class: 'panel' },
            h('div', { class: 'panel-head' }, h('h2', {}, 'Stages'), h('span', { class: 'mono small muted' }, journey.eventId)),
            h('div', { class: 'panel-body' }, h('ol', { class: 'stages' }, journey.stages.map(stage)))),
          journey.deadLetter ? deadLetter(journey) : null,
          journey.storedItem ? h('section', { class: 'panel' },
            h('div', { class: 'panel-head' }, h('h2', {}, 'Stored item'), h('span', { class: 'mono small muted' }, journey.itemId || '')),
            h('div', { class: 'panel-body' }, h('pre', { class: 'json' }, JSON.stringify(journey.storedItem, null, 2)))) : null,
          journey.errors.length ? h('section', { class: 'panel' },
            h('div', { class: 'panel-head' }, h('h2', {}, `Errors and warnings (${journey.errors.length})`)),
            h('div', { class: 'panel-body' }, journey.errors.map(error => h('div', { class: 'event-item exception' },
              h('div', { class: 'small muted' }, fmt.time(error.at), ' ', resourceChip(error.resource)),
              h('div', { class: 'small' }, error.message))))) : null),
        traceColumn));
    const head = () => h('div', { class: 'panel-head' }, h('h2', {}, 'Trace'),
      journey.traceIds.length ? h('a', { class: 'small', href: `/traces/${journey.traceIds[0]}` }, 'Open trace →') : null);
    waterfall = Waterfall.create(traceColumn, { compact: true, head: head() });
    if (trace) waterfall.show(trace.spans);
    else replace(traceColumn, h('section', { class: 'panel' }, empty('No trace for this event (yet).')));
  }

  function stage(s) {
    return h('li', { class: `stage ${s.state}` },
      h('span', { class: 'marker' }, markers[s.state] || ''),
      h('div', { class: 'title' }, s.title),
      s.detail ? h('div', { class: 'detail' }, s.detail) : null,
      s.at || s.resource ? h('div', { class: 'meta' }, s.at ? fmt.time(s.at) : '', s.resource ? ` · ${s.resource}` : '') : null);
  }

  function deadLetter(journey) {
    const message = journey.deadLetter;
    return h('section', { class: 'panel' },
      h('div', { class: 'panel-head' }, h('h2', {}, 'In the dead-letter queue'),
        h('button', {
          type: 'button', class: 'button small primary',
          onclick: async event => {
            event.target.disabled = true;
            try {
              const result = await api(`/api/queues/${encodeURIComponent(journey.queue || journey.source)}/redrive`, { method: 'POST' });
              toast(`Redrove ${result.moved} message(s)` + (result.failed ? `, ${result.failed} failed` : ''));
              refresh();
            } catch (error) { toast('Redrive failed: ' + error.message); event.target.disabled = false; }
          },
        }, 'Redrive queue')),
      h('div', { class: 'panel-body' },
        h('p', { class: 'alert alert-error' }, message.error || 'No error recorded in the telemetry.'),
        h('dl', { class: 'kv' },
          h('dt', {}, 'message id'), h('dd', {}, message.messageId),
          h('dt', {}, 'group'), h('dd', {}, message.messageGroupId || '–'),
          h('dt', {}, 'receives'), h('dd', {}, String(message.receiveCount)),
          h('dt', {}, 'sent'), h('dd', {}, message.sentAt ? fmt.dateTime(message.sentAt) : '–'))));
  }

  async function showRecent() {
    const recent = (await api('/api/events')) || [];
    replace(root, h('section', { class: 'panel' },
      h('div', { class: 'panel-head' }, h('h2', {}, 'Recent events')),
      recent.length
        ? h('div', { class: 'recent-list' }, recent.map(e => h('a', { href: `/journey?id=${encodeURIComponent(e.eventId)}` },
            h('span', { class: 'id' }, e.eventId),
            h('span', { class: 'small muted' }, fmt.time(e.start)),
            h('span', { class: 'small muted' }, [e.source, e.entityName].filter(Boolean).join(' · ')),
            e.failed ? badge('error', 'err') : h('span', {}))))
        : empty('No events seen yet. Post one to the API and it shows up here.')));
  }

  refresh().catch(error => toast(error.message));
  live(['traces', 'logs'], () => refresh().catch(() => {}));
})();

// Queues: counts per queue and DLQ, the DLQ's messages with their errors, and redrive.
'use strict';
(() => {
  const { api, h, replace, fmt, badge, toast, empty } = Dash;
  const root = document.getElementById('queues');
  const deadLetters = new Map();
  const redriving = new Set();

  async function refresh() {
    const queues = (await api('/api/queues')) || [];
    if (!queues.length) {
      replace(root, h('section', { class: 'panel' }, empty('No queues yet: they appear once the AppHost has deployed the stack.')));
      return;
    }
    await Promise.all(queues.filter(q => q.deadLetter && q.deadLetter.messages > 0).map(async q => {
      deadLetters.set(q.name, (await api(`/api/queues/${encodeURIComponent(q.name)}/dead-letters`)) || []);
    }));
    for (const q of queues) if (!q.deadLetter || !q.deadLetter.messages) deadLetters.delete(q.name);
    replace(root,
      h('div', { class: 'queue-grid' }, queues.map(card)),
      queues.filter(q => deadLetters.get(q.name)?.length).map(messagesPanel));
  }

  function count(value, label, alert) {
    return h('div', { class: 'count' + (alert ? ' alert-count' : '') },
      h('div', { class: 'n' }, value === null || value === undefined ? '–' : fmt.number(value)),
      h('div', { class: 'l' }, label));
  }

  function card(q) {
    const dlq = q.deadLetter;
    return h('section', { class: 'panel' },
      h('div', { class: 'panel-head' },
        h('div', {}, h('h2', {}, q.name), h('div', { class: 'type' }, q.worker ? `drained by worker-${q.worker}` : '')),
        q.queue.error ? badge('unreachable', 'err') : badge('ok', 'ok')),
      h('div', { class: 'panel-body' },
        h('div', { class: 'counts' },
          count(q.queue.messages, 'waiting'),
          count(q.queue.inFlight, 'in flight'),
          h('div', { class: 'count', title: 'Source queues are never peeked: a receive would count towards maxReceiveCount.' },
            h('div', { class: 'n' }, 'n/a'), h('div', { class: 'l' }, 'oldest'))),
        dlq ? [
          h('div', { class: 'queue-sub' }, 'Dead-letter queue ', h('span', { class: 'mono queue-name' }, dlq.name)),
          h('div', { class: 'counts' },
            count(dlq.messages, 'dead letters', dlq.messages > 0),
            count(dlq.inFlight, 'in flight'),
            h('div', { class: 'count' }, h('div', { class: 'n' }, dlq.oldestAgeSeconds === null ? 'n/a' : fmt.age(dlq.oldestAgeSeconds)), h('div', { class: 'l' }, 'oldest'))),
          dlq.messages > 0 ? h('p', { style: { margin: '12px 0 0' } }, redriveButton(q)) : null,
        ] : h('p', { class: 'muted small' }, 'No dead-letter queue.'),
        q.queue.error ? h('p', { class: 'alert alert-error', style: { marginTop: '12px' } }, q.queue.error) : null));
  }

  function redriveButton(q) {
    return h('button', {
      type: 'button', class: 'button primary small', disabled: redriving.has(q.name),
      onclick: async () => {
        redriving.add(q.name);
        refresh();
        try {
          const result = await api(`/api/queues/${encodeURIComponent(q.name)}/redrive`, { method: 'POST' });
          toast(`Moved ${result.moved} message(s) back to ${q.name}` + (result.failed ? `; ${result.failed} failed: ${result.errors[0]}` : ''));
        } catch (error) {
          toast('Redrive failed: ' + error.message);
        } finally {
          redriving.delete(q.name);
          refresh();
        }
      },
    }, redriving.has(q.name) ? 'Redriving…' : `Redrive to ${q.name}`);
  }

  function messagesPanel(q) {
    const messages = deadLetters.get(q.name);
    return h('section', { class: 'panel', style: { marginBottom: '16px' } },
      h('div', { class: 'panel-head' }, h('h2', {}, `Dead letters of ${q.name}`), h('span', { class: 'muted small' }, `${messages.length} shown`)),
      h('div', { class: 'table-wrap' }, h('table', { class: 'table' },
        h('thead', {}, h('tr', {}, h('th', {}, 'Event'), h('th', { class: 'col-opt' }, 'Group'),
          h('th', { class: 'col-opt' }, 'Sent'), h('th', {}, 'Error'))),
        h('tbody', {}, messages.map(m => h('tr', {},
          h('td', { class: 'mono nowrap' }, m.eventId ? h('a', { href: `/journey?id=${encodeURIComponent(m.eventId)}` }, m.eventId) : m.messageId,
            h('div', { class: 'type' }, [m.source, m.entityName].filter(Boolean).join(' · '))),
          h('td', { class: 'mono col-opt nowrap' }, m.messageGroupId || '–'),
          h('td', { class: 'nowrap col-opt' }, m.sentAt ? fmt.ago(m.sentAt) : '–'),
          h('td', { class: 'cell-message' }, h('span', { class: 'text', title: m.error || '' }, m.error || h('span', { class: 'muted' }, 'no error recorded')))))))));
  }

  refresh().catch(error => toast(error.message));
  setInterval(() => refresh().catch(() => {}), 5000);
})();

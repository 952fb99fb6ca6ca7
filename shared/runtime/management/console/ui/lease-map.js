// The lease map: every topic-partition as a cell coloured by the task that owns it, with its epoch,
// committed and end offsets and lag; a partition being handed over shows where it is going.
import { h } from './dom.js';
import { number, ownerClass } from './format.js';

export function leaseMap(view) {
  if (view.partitions.length === 0)
    return h('p', {}, 'No leases yet: the coordinator has not looked at this connector.');
  const topics = new Map();
  for (const lease of view.partitions) {
    const key = lease.topic ?? '';
    if (!topics.has(key)) topics.set(key, []);
    topics.get(key).push(lease);
  }
  const owners = [...new Set(view.partitions.map((p) => p.owner_task).filter((t) => t !== null))].sort(
    (a, b) => a - b,
  );
  const owned = view.partitions.filter((p) => p.owner_task !== null).length;
  return h(
    'div',
    { class: 'lease-map', 'data-owned': owned, 'data-partitions': view.partitions.length },
    h(
      'p',
      { class: 'lease-summary' },
      `${owned} of ${view.partitions.length} ${view.type === 'source' ? 'task leases' : 'partitions'} owned by ${owners.length} task(s)`,
      view.observed_at ? '' : ' (end offsets not observed yet)',
    ),
    h('p', { class: 'help' }, 'Each cell: partition, owning task, lease epoch, committed / end offset, lag.'),
    h(
      'ul',
      { class: 'legend', 'aria-label': 'Tasks' },
      owners.map((task) => h('li', { class: `swatch ${ownerClass(task)}` }, `task ${task}`)),
      h('li', { class: 'swatch owner-none' }, 'free'),
      h('li', { class: 'swatch handover-sample' }, 'handing over'),
    ),
    [...topics].map(([topic, leases]) =>
      h(
        'section',
        { class: 'topic' },
        h('h3', {}, topic === '' ? 'Source tasks' : topic),
        h('ol', { class: 'grid' }, leases.map(cell)),
      ),
    ),
  );
}

function cell(lease) {
  const owner = lease.owner_task;
  const label = [
    lease.topic === null ? `task ${lease.partition}` : `${lease.topic} partition ${lease.partition}`,
    owner === null ? 'free' : `owned by task ${owner}`,
    lease.handover ? `moving to task ${lease.assignee}` : '',
    `epoch ${lease.epoch}`,
    `committed ${number(lease.committed_offset)}`,
    `end ${number(lease.end_offset)}`,
    `lag ${number(lease.lag)}`,
  ]
    .filter(Boolean)
    .join(', ');
  return h(
    'li',
    {
      class: `cell ${ownerClass(owner)}${lease.handover ? ' handover' : ''}`,
      'data-partition': lease.partition,
      'data-owner': owner ?? '',
      'aria-label': label,
      title: label,
      tabindex: 0,
    },
    h('span', { class: 'p' }, lease.topic === null ? `task ${lease.partition}` : `p${lease.partition}`),
    h('span', { class: 'owner' }, owner === null ? 'free' : `T${owner}`),
    h('span', { class: 'epoch' }, `epoch ${lease.epoch}`),
    h('span', { class: 'offsets' }, `${number(lease.committed_offset)} / ${number(lease.end_offset)}`),
    h('span', { class: 'lag' }, `lag ${number(lease.lag)}`),
    lease.handover ? h('span', { class: 'moving' }, `→ T${lease.assignee}`) : null,
  );
}

// The participant chooser of the briefing editor (several at once) keeps what
// the editor ticked while they search again or turn a page, and marks the
// participants the briefing already has. Wagtail's multiple chooser replaces
// its results on every search and sends only the boxes in view, so ticks made
// before a search were lost; here each tick is remembered for as long as the
// modal is open and sent with those in view.
(() => {
  const FORM = '.modal form[data-multiple-choice-form]';
  const ROWS = '[id^="inline_child_participant_links-"][data-inline-panel-child]';
  let form = null;
  let ticked = new Map(); // id -> name

  function onBriefing() {
    const ids = new Set();
    document.querySelectorAll(ROWS).forEach((row) => {
      const deleted = row.querySelector('input[name$="-DELETE"]');
      if (deleted && (deleted.value === '1' || deleted.checked)) return;
      const chosen = row.querySelector('input[type=hidden][name$="-participant"]');
      if (chosen && chosen.value) ids.add(chosen.value);
    });
    return ids;
  }

  function isParticipantChooser(candidate) {
    return /\/briefings\/participant\//.test(candidate.getAttribute('action') || '');
  }

  function sync() {
    const have = onBriefing();
    const boxes = form.querySelectorAll('[data-multiple-choice-select]');
    const shown = new Set();
    boxes.forEach((box) => {
      shown.add(box.value);
      const row = box.closest('tr');
      if (have.has(box.value)) {
        box.checked = false;
        box.disabled = true;
        const title = row && row.querySelector('td.title .title-wrapper');
        if (title && !title.querySelector('.chooser-already')) {
          const badge = document.createElement('span');
          badge.className = 'chooser-already w-status';
          badge.textContent = 'On this briefing';
          title.append(' ', badge);
        }
      } else if (ticked.has(box.value)) {
        box.checked = true;
      }
    });
    form.querySelectorAll('input[data-kept-tick]').forEach((input) => input.remove());
    const submit = form.querySelector('[data-multiple-choice-submit]');
    ticked.forEach((name, id) => {
      if (shown.has(id)) return;
      const carried = document.createElement('input');
      carried.type = 'hidden';
      carried.name = 'id';
      carried.value = id;
      carried.dataset.keptTick = '';
      form.insertBefore(carried, submit);
    });
    let status = form.querySelector('[data-ticked-status]');
    if (!status) {
      status = document.createElement('p');
      status.className = 'help';
      status.dataset.tickedStatus = '';
      status.setAttribute('role', 'status');
      form.insertBefore(status, submit);
    }
    const names = [...ticked.values()];
    status.textContent = names.length ? `Chosen (${names.length}): ${names.join(', ')}` : '';
    if (submit) submit.disabled = names.length === 0;
  }

  function nameOf(box) {
    const label = box.closest('tr') && box.closest('tr').querySelector('td.title label');
    return label ? label.textContent.trim() : box.title.replace(/^Select /, '');
  }

  document.addEventListener('change', (event) => {
    const box = event.target;
    if (!form || !box.matches || !box.matches('[data-multiple-choice-select]')) return;
    if (!form.contains(box)) return;
    if (box.checked) ticked.set(box.value, nameOf(box));
    else ticked.delete(box.value);
    sync();
  });

  const observer = new MutationObserver(() => {
    const found = document.querySelector(FORM);
    if (!found || !isParticipantChooser(found)) {
      form = null;
      return;
    }
    if (found !== form) {
      form = found;
      ticked = new Map();
    }
    // Our own changes to the form are not news: stop listening while making them.
    observer.disconnect();
    sync();
    observe();
  });

  function observe() {
    observer.observe(document.body, { childList: true, subtree: true });
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', observe);
  } else {
    observe();
  }
})();

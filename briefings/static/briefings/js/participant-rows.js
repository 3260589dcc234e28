// Heads each participant row of the briefing editor with the participant's
// name: "Participant 3" tells an editor nothing when collapsed or reordered.
// Wagtail renders the row headings as "<label><count>", and rows chosen in the
// chooser arrive after load, so the headings are kept in step with each row's
// chosen title as it changes.
(() => {
  const ROWS = '[id^="inline_child_participant_links-"][data-inline-panel-child]';

  function label(row) {
    const title = row.querySelector('[data-chooser-title]');
    const heading = row.querySelector('[data-panel-heading-text]');
    if (!title || !heading) return;
    const name = title.textContent.trim();
    let shown = heading.querySelector('.participant-row__name');
    if (!name) {
      if (shown) shown.remove();
      heading.querySelectorAll(':scope > [hidden]').forEach((node) => {
        node.hidden = false;
      });
      return;
    }
    if (!shown) {
      shown = document.createElement('span');
      shown.className = 'participant-row__name';
      heading.prepend(shown);
    }
    // The generic label and its number stay in the page for Wagtail's own
    // scripts, hidden behind the name.
    heading.childNodes.forEach((node) => {
      if (node === shown) return;
      if (node.nodeType === Node.TEXT_NODE) {
        if (node.textContent.trim()) {
          const wrap = document.createElement('span');
          wrap.className = 'participant-row__generic';
          node.replaceWith(wrap);
          wrap.append(node);
          wrap.hidden = true;
        }
      } else if (node.nodeType === Node.ELEMENT_NODE) {
        node.hidden = true;
      }
    });
    if (shown.textContent !== name) shown.textContent = name;
  }

  function labelAll() {
    document.querySelectorAll(ROWS).forEach(label);
  }

  function start() {
    const first = document.getElementById('id_participant_links-TOTAL_FORMS');
    if (!first) return;
    labelAll();
    let pending = false;
    new MutationObserver(() => {
      if (pending) return;
      pending = true;
      requestAnimationFrame(() => {
        pending = false;
        labelAll();
      });
    }).observe(first.form || document.body, {
      childList: true,
      subtree: true,
      characterData: true,
    });
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
})();

// Tag suggestions in the briefing editor: challenges and participants that the
// title, summary or body mention but that are not tagged yet, each added in one
// click. The matching happens on the server (briefings/tag_suggestions.py).
(() => {
  const script = document.currentScript;
  const url = script && script.dataset.suggestionsUrl;

  function start() {
    const form = document.querySelector('form[data-edit-form]');
    const challengeBoxes = () =>
      Array.from(document.querySelectorAll('input[name="challenges"]'));
    if (!url || !form || !challengeBoxes().length) return;
    if (!document.getElementById('id_participant_links-TOTAL_FORMS')) return;

    const panel = document.createElement('section');
    panel.id = 'tag-suggestions';
    panel.className = 'help-block help-info';
    panel.setAttribute('aria-live', 'polite');
    panel.innerHTML =
      '<h2 class="w-h3">Tag suggestions</h2>' +
      '<p class="tag-suggestions__intro">Mentioned in the text but not tagged:</p>' +
      '<ul class="tag-suggestions__list"></ul>';
    const list = panel.querySelector('ul');
    const tab = document.getElementById('tab-tagging') || form;
    tab.prepend(panel);
    // A count on the Tagging tab, so suggestions are noticed from any tab.
    const badge = document.createElement('span');
    badge.className = 'tag-suggestions__count';
    // Clicks must reach the tab itself: Wagtail's tab switching reads the target.
    badge.style.pointerEvents = 'none';
    badge.style.marginInlineStart = '0.3em';
    const tabLabel = document.querySelector('a[href="#tab-tagging"]');
    if (tabLabel) tabLabel.append(badge);

    function text() {
      const parts = [];
      ['id_title', 'id_summary'].forEach((id) => {
        const field = document.getElementById(id);
        if (field) parts.push(field.value);
      });
      const body = document.querySelector('[data-contentpath="body"]');
      if (body) {
        body.querySelectorAll('[contenteditable="true"], textarea, input[type="text"]')
          .forEach((field) => {
            parts.push(field.isContentEditable ? field.innerText : field.value);
          });
      }
      return parts.join('\n');
    }

    function participantRows() {
      return Array.from(
        document.querySelectorAll('input[name^="participant_links-"][name$="-participant"]'),
      ).filter((input) => {
        const prefix = input.name.replace(/-participant$/, '');
        const deleted = document.querySelector(`input[name="${prefix}-DELETE"]`);
        return !(deleted && deleted.value === '1') && !/__prefix__/.test(input.name);
      });
    }

    function tagged() {
      return {
        challenges: challengeBoxes().filter((box) => box.checked).map((box) => Number(box.value)),
        participants: participantRows().map((input) => Number(input.value)).filter(Boolean),
      };
    }

    function addParticipant(suggestion) {
      const inline = window.wagtail && window.wagtail.editHandler
        && window.wagtail.editHandler.getPanelByName('participant_links');
      if (!inline) return false;
      inline.addForm();
      const number = inline.formCount - 1;
      const inputId = `id_participant_links-${number}-participant`;
      const chooser = inline.chooserWidgetFactory.getById(inputId);
      chooser.setStateFromModalData({
        id: suggestion.id,
        string: suggestion.name,
        edit_url: suggestion.edit_url,
      });
      const role = document.getElementById(`id_participant_links-${number}-role`);
      // The row is new: the text mentions the participant, which is all the
      // suggestion knows (the editor may change it to a stronger role).
      if (role) role.value = 'mentioned';
      return true;
    }

    function add(suggestion) {
      if (suggestion.kind === 'challenge') {
        const box = challengeBoxes().find((b) => Number(b.value) === suggestion.id);
        if (box) {
          box.checked = true;
          box.dispatchEvent(new Event('change', { bubbles: true }));
        }
      } else {
        addParticipant(suggestion);
      }
      refresh();
    }

    function render(suggestions) {
      list.replaceChildren();
      panel.hidden = suggestions.length === 0;
      suggestions.forEach((suggestion) => {
        const item = document.createElement('li');
        item.style.marginBlockEnd = '0.5em';
        const button = document.createElement('button');
        button.type = 'button';
        button.className = 'button button-small button-secondary';
        button.dataset.suggestionKind = suggestion.kind;
        button.dataset.suggestionId = suggestion.id;
        button.textContent = `Add ${suggestion.kind} “${suggestion.name}”`;
        button.addEventListener('click', () => add(suggestion));
        const note = document.createElement('span');
        note.textContent = ` found as “${suggestion.matched}”`;
        item.append(button, note);
        list.append(item);
      });
      badge.textContent = suggestions.length ? `(${suggestions.length} suggested)` : '';
    }

    let timer = null;
    let lastRequest = '';
    function refresh() {
      clearTimeout(timer);
      timer = setTimeout(() => {
        const payload = JSON.stringify({ text: text(), ...tagged() });
        if (payload === lastRequest) return;
        lastRequest = payload;
        fetch(url, {
          method: 'POST',
          headers: {
            'Content-Type': 'application/json',
            'X-CSRFToken': window.wagtailConfig.CSRF_TOKEN,
          },
          body: payload,
        })
          .then((response) => (response.ok ? response.json() : { suggestions: [] }))
          .then((data) => render(data.suggestions))
          .catch(() => {});
      }, 500);
    }

    form.addEventListener('input', refresh);
    form.addEventListener('change', refresh);
    form.addEventListener('keyup', refresh);
    refresh();
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
})();

// "Create a new challenge…" beside the briefing's challenge tick boxes: opens
// the challenge chooser (Wagtail's ModalWorkflow and chooser handlers, the
// same modal as everywhere else in the admin) on its Create tab; the challenge
// made there, or one chosen from its list, arrives ticked. Wagtail offers no
// chooser for a tick-box field, hence this small bridge.
(() => {
  function tick(button, result) {
    const name = button.dataset.fieldName;
    const field = button.closest('[data-field-input]') || button.parentElement.parentElement;
    const status = field.querySelector('[data-challenge-create-status]');
    const id = String(result.id);
    let box = field.querySelector(`input[type=checkbox][name="${name}"][value="${CSS.escape(id)}"]`);
    let created = false;
    if (!box) {
      // A new option shaped like Django's own: <div><label><input> Name</label></div>.
      const boxes = field.querySelectorAll(`input[type=checkbox][name="${name}"]`);
      const last = boxes[boxes.length - 1];
      const option = last.closest('div').cloneNode(true);
      const label = option.querySelector('label');
      box = option.querySelector('input');
      box.value = id;
      box.id = `${last.id.replace(/_\d+$/, '')}_${boxes.length}`;
      label.htmlFor = box.id;
      label.replaceChildren(box, document.createTextNode(` ${result.string}`));
      last.closest('div').after(option);
      created = true;
    }
    box.checked = true;
    box.dispatchEvent(new Event('change', { bubbles: true }));
    box.focus();
    if (status) {
      status.textContent = created
        ? `“${result.string}” was created and is ticked.`
        : `“${result.string}” is ticked.`;
    }
  }

  function open(button) {
    if (!window.ModalWorkflow || !window.ChooserModalOnloadHandlerFactory) return;
    const handlers = new window.ChooserModalOnloadHandlerFactory().getOnLoadHandlers();
    const choose = handlers.choose;
    handlers.choose = (modal, data) => {
      choose(modal, data);
      // Open on the Create tab: the tabs' controller reads its starting panel
      // from this value when it connects, just after this handler.
      const tabs = modal.body[0].querySelector('[data-controller~="w-tabs"]');
      if (tabs && tabs.querySelector('#tab-create')) {
        tabs.setAttribute('data-w-tabs-active-panel-id-value', 'tab-create');
      }
    };
    window.ModalWorkflow({
      url: button.dataset.chooserUrl,
      onload: handlers,
      responses: { chosen: (result) => tick(button, result) },
    });
  }

  document.addEventListener('click', (event) => {
    const button = event.target.closest('[data-challenge-create]');
    if (!button) return;
    event.preventDefault();
    open(button);
  });
})();

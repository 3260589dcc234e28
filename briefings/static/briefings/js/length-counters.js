// A counter under each field with a length limit (data-length-limit, set by
// models/page_form.py): "212 of 255 characters", marked once over the limit.
// The server refuses a longer value with a message; nothing is ever cut.
(() => {
  function attach(field) {
    const limit = Number(field.dataset.lengthLimit);
    if (!limit || field.dataset.lengthCounter) return;
    field.dataset.lengthCounter = 'on';
    const counter = document.createElement('p');
    counter.className = 'length-counter help';
    counter.id = `${field.id}-length`;
    field.setAttribute(
      'aria-describedby',
      [field.getAttribute('aria-describedby'), counter.id].filter(Boolean).join(' '),
    );
    field.insertAdjacentElement('afterend', counter);
    const update = () => {
      const length = field.value.length;
      const over = length - limit;
      counter.textContent =
        over > 0
          ? `${length} of ${limit} characters: ${over} too many`
          : `${length} of ${limit} characters`;
      counter.classList.toggle('error-message', over > 0);
    };
    field.addEventListener('input', update);
    update();
  }

  function start() {
    document.querySelectorAll('[data-length-limit]').forEach(attach);
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
})();

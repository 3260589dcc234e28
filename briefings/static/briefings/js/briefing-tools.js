// The briefing page's tools: Copy citation, Copy link and Print
// (briefings/templates/briefings/briefing_page.html). Without this script their
// buttons stay `hidden`; a button shows only if the browser can do what it says.
//
// The citation's access date is the reader's own day: the server writes its own
// for readers without scripts, but the page may have been cached since another
// day (institute/caching) or be read in another time zone, so it is set here
// when the page loads and again when the citation is copied.
(() => {
  const MONTHS = [
    'January', 'February', 'March', 'April', 'May', 'June', 'July',
    'August', 'September', 'October', 'November', 'December',
  ];
  // How long "Citation copied" stays beside the button.
  const STATUS_SECONDS = 5;

  const pad = (number) => String(number).padStart(2, '0');

  function setAccessDates() {
    const today = new Date();
    document.querySelectorAll('time.cite__accessed').forEach((time) => {
      // "3 December 2026", as briefings/citation.py writes it.
      time.textContent =
        `${today.getDate()} ${MONTHS[today.getMonth()]} ${today.getFullYear()}`;
      time.dateTime =
        `${today.getFullYear()}-${pad(today.getMonth() + 1)}-${pad(today.getDate())}`;
    });
  }

  function announce(button, message) {
    const status = button.closest('[data-tools]').querySelector('[role="status"]');
    // Emptied first, so that copying twice is announced twice.
    status.textContent = '';
    window.clearTimeout(status.clearing);
    window.setTimeout(() => {
      status.textContent = message;
    }, 50);
    status.clearing = window.setTimeout(() => {
      status.textContent = '';
    }, STATUS_SECONDS * 1000);
  }

  function textToCopy(button) {
    if (button.dataset.copyText) return button.dataset.copyText;
    setAccessDates();
    const source = document.getElementById(button.dataset.copyFrom);
    return source.textContent.replace(/\s+/g, ' ').trim();
  }

  function start() {
    setAccessDates();
    const canCopy = Boolean(
      window.isSecureContext && navigator.clipboard && navigator.clipboard.writeText
    );
    const canPrint = typeof window.print === 'function';

    document.querySelectorAll('[data-copy-text], [data-copy-from]').forEach((button) => {
      if (!canCopy) return;
      button.hidden = false;
      button.addEventListener('click', () => {
        navigator.clipboard.writeText(textToCopy(button)).then(
          () => announce(button, button.dataset.copied),
          () => announce(button, 'Could not copy: select the text and copy it instead.'),
        );
      });
    });
    document.querySelectorAll('[data-print]').forEach((button) => {
      if (!canPrint) return;
      button.hidden = false;
      button.addEventListener('click', () => window.print());
    });
    // A row of tools shows once one of its buttons can be used.
    document.querySelectorAll('[data-tools]').forEach((tools) => {
      tools.hidden = !tools.querySelector('button:not([hidden])');
    });
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
})();

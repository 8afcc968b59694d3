// Edge of Care case records: page behaviour.
// Loaded as <script type="module">, so no inline script is needed (CSP).
// govuk-frontend 5's govuk-frontend.min.js is an ES module exporting initAll.
import { initAll } from './govuk-frontend.min.js'

// GOV.UK Frontend normally sets these classes with an inline <script> in the
// page template. Our CSP forbids inline script, so set them here: this file
// only runs in browsers that support ES modules, which is exactly what
// `govuk-frontend-supported` means. initAll() does nothing without it.
document.body.classList.add('js-enabled', 'govuk-frontend-supported')

initAll()

// Any element with a data-app-print attribute prints the page when clicked.
document.querySelectorAll('[data-app-print]').forEach(function (element) {
  element.addEventListener('click', function (event) {
    event.preventDefault()
    window.print()
  })
})

// A document being made in the background (templates/edgecare/document_status.html): ask the
// server every few seconds whether it is ready, and when it is (or could not be made), load
// the page again once to show the download. A timed refresh of the whole page would interrupt
// anyone reading it (WCAG 2.2.1), so the page itself stays put until there is news; without
// script the page has a "Check now" link.
document.querySelectorAll('[data-document-status-url]').forEach(function (element) {
  const url = element.getAttribute('data-document-status-url')
  const seconds = Number(element.getAttribute('data-document-poll-seconds')) || 2
  const ask = function () {
    fetch(url, { headers: { Accept: 'application/json' }, credentials: 'same-origin' })
      .then(function (response) { return response.ok ? response.json() : null })
      .then(function (answer) {
        if (answer && answer.status !== 'preparing') {
          window.location.reload()
        } else {
          window.setTimeout(ask, seconds * 1000)
        }
      })
      .catch(function () { window.setTimeout(ask, seconds * 1000) })
  }
  window.setTimeout(ask, seconds * 1000)
})

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

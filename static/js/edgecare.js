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

// Nothing typed is lost (edgecare/typed_text.py, families/drafts.py) ---------------------------

// The forms a worker types into: the page's own POST forms, not the header's sign-out or the
// timeout warning's keep-alive.
function typingForms () {
  return Array.from(document.querySelectorAll('main form')).filter(function (form) {
    return form.method.toLowerCase() === 'post'
  })
}

const NOT_KEPT = ['csrfmiddlewaretoken', 'submission_token']
let unsavedText = false
const formsTypedIn = new Set()

typingForms().forEach(function (form) {
  form.addEventListener('input', function () {
    unsavedText = true
    formsTypedIn.add(form)
  })
  form.addEventListener('submit', function () {
    unsavedText = false
  })
})

// Puts `fields` ([name, value] pairs, in the order they were sent) back into `form`.
function fillForm (form, fields) {
  const byName = new Map()
  fields.forEach(function (pair) {
    if (NOT_KEPT.includes(pair[0])) return
    if (!byName.has(pair[0])) byName.set(pair[0], [])
    byName.get(pair[0]).push(pair[1])
  })
  const used = new Map()
  Array.from(form.elements).forEach(function (element) {
    const values = byName.get(element.name)
    if (!values) return
    if (element.type === 'radio' || element.type === 'checkbox') {
      element.checked = values.includes(element.value)
    } else if (element.tagName === 'SELECT' && element.multiple) {
      Array.from(element.options).forEach(function (option) {
        option.selected = values.includes(option.value)
      })
    } else if (element.type !== 'file' && element.type !== 'submit') {
      const index = used.get(element.name) || 0
      if (index < values.length) element.value = values[index]
      used.set(element.name, index + 1)
    }
    // Character counts and the like follow the text put back.
    element.dispatchEvent(new Event('input', { bubbles: true }))
  })
}

function formOfThisPage () {
  return typingForms().find(function (form) {
    return new URL(form.action, window.location.href).pathname === window.location.pathname
  })
}

function readJson (id) {
  const element = document.getElementById(id)
  return element ? JSON.parse(element.textContent) : null
}

// A form posted after the session ended, put back after signing in again.
const parked = readJson('app-parked-form')
if (parked) {
  const form = formOfThisPage()
  if (form) {
    fillForm(form, parked)
    document.querySelectorAll('[data-app-parked-filled]').forEach(function (p) { p.hidden = false })
    unsavedText = true
  }
}

// The draft of a long free-text form: put back, saved as the worker types, discarded on request.
const draftPlace = document.querySelector('[data-app-draft]')
const draftForm = draftPlace && formOfThisPage()
if (draftPlace && draftForm) {
  const saved = readJson('app-form-draft')
  const banner = document.querySelector('[data-app-draft-banner]')
  if (saved) {
    fillForm(draftForm, saved)
    if (banner) banner.hidden = false
  }
  const everyMs = Number(draftPlace.dataset.saveSeconds || 10) * 1000
  let lastSave = 0
  let timer = null
  const csrf = function () {
    const input = draftForm.querySelector('input[name=csrfmiddlewaretoken]')
    return input ? input.value : ''
  }
  const send = function (data) {
    data.delete('submission_token') // the form's own one-time token stays the form's
    data.set('draft_page', draftPlace.dataset.page)
    return window.fetch(draftPlace.dataset.url, {
      method: 'POST',
      body: data,
      credentials: 'same-origin',
      headers: { 'X-CSRFToken': csrf() }
    })
  }
  const saveDraft = function () {
    timer = null
    lastSave = Date.now()
    send(new FormData(draftForm)).then(function (response) {
      if (response.ok) keptAlive(null)
    }).catch(function () {})
  }
  draftForm.addEventListener('input', function () {
    if (timer) return
    const wait = Math.max(2000, lastSave + everyMs - Date.now())
    timer = window.setTimeout(saveDraft, wait)
  })
  draftForm.addEventListener('submit', function () {
    if (timer) window.clearTimeout(timer)
    timer = -1 // no draft saved once the form is on its way
  })
  const discard = document.querySelector('[data-app-draft-discard]')
  if (discard) {
    discard.addEventListener('click', function () {
      const data = new FormData()
      data.set('discard', '1')
      send(data).then(function () { window.location.reload() })
    })
  }
}

// The timeout warning (the GOV.UK pattern): shown before the idle sign-out; "Stay signed in"
// renews the session, and so does typing in a form with unsaved text (at most once a minute).
const warning = document.getElementById('app-timeout-warning')
let deadline = null
function keptAlive (secondsLeft) {
  // A request the server answered renewed the session: its idle time starts again.
  if (!warning) return
  const idle = secondsLeft === null ? Number(warning.dataset.secondsLeftOnRequest) : secondsLeft
  deadline = Date.now() + idle * 1000
}

if (warning && typeof warning.showModal === 'function') {
  const warnMs = Number(warning.dataset.warningSeconds) * 1000
  const keepAliveMs = Number(warning.dataset.keepAliveSeconds) * 1000
  warning.dataset.secondsLeftOnRequest = warning.dataset.secondsLeft
  deadline = Date.now() + Number(warning.dataset.secondsLeft) * 1000
  const form = warning.querySelector('[data-app-keep-alive]')
  const countdown = warning.querySelector('[data-app-timeout-countdown]')
  const spoken = warning.querySelector('[data-app-timeout-spoken]')
  const running = warning.querySelector('[data-app-timeout-running]')
  const ended = warning.querySelector('[data-app-timeout-ended]')
  const stay = warning.querySelector('[data-app-timeout-stay]')
  const close = warning.querySelector('[data-app-timeout-close]')
  let lastKeepAlive = Date.now()
  let lastSpoken = ''
  let signedOut = false
  let returnFocus = null

  const words = function (ms) {
    const seconds = Math.max(0, Math.ceil(ms / 1000))
    if (seconds >= 60) {
      const minutes = Math.ceil(seconds / 60)
      return minutes + (minutes === 1 ? ' minute' : ' minutes')
    }
    return seconds + (seconds === 1 ? ' second' : ' seconds')
  }

  const keepAlive = function () {
    lastKeepAlive = Date.now()
    return window.fetch(form.action, {
      method: 'POST',
      body: new FormData(form),
      credentials: 'same-origin',
      headers: { 'X-CSRFToken': form.querySelector('input[name=csrfmiddlewaretoken]').value }
    }).then(function (response) {
      return response.json().then(function (body) {
        if (!body.signed_in) {
          showSignedOut()
          return false
        }
        keptAlive(body.seconds_left)
        warning.dataset.secondsLeftOnRequest = String(body.seconds_left)
        return true
      })
    })
  }

  const showSignedOut = function () {
    signedOut = true
    if (!unsavedText) {
      const next = encodeURIComponent(window.location.pathname + window.location.search)
      window.location.href = warning.dataset.signInUrl + '?expired=1&next=' + next
      return
    }
    warning.querySelector('#app-timeout-title').textContent = 'You have been signed out'
    running.hidden = true
    ended.hidden = false
    stay.hidden = true
    close.hidden = false
    if (!warning.open) warning.showModal()
  }

  const tick = function () {
    if (signedOut) return
    const left = deadline - Date.now()
    if (left <= 0) {
      showSignedOut()
      return
    }
    if (left <= warnMs) {
      if (!warning.open) {
        returnFocus = document.activeElement
        warning.showModal()
        warning.querySelector('#app-timeout-title').focus()
      }
      countdown.textContent = words(left)
      // Said aloud once a minute, and each 20 seconds in the last minute: not every second.
      const say = left > 60000 ? words(left) : words(Math.ceil(left / 20000) * 20000)
      if (say !== lastSpoken) {
        lastSpoken = say
        spoken.textContent = 'We will sign you out in ' + say + '.'
      }
    } else if (warning.open) {
      warning.close()
    }
  }

  form.addEventListener('submit', function (event) {
    event.preventDefault()
    keepAlive().then(function (ok) {
      if (ok) {
        warning.close()
        if (returnFocus && returnFocus.focus) returnFocus.focus()
      }
    }).catch(function () {})
  })
  close.addEventListener('click', function () { warning.close() })
  warning.addEventListener('cancel', function (event) {
    // Escape closes the warning as "Stay signed in" would, never leaving the session to run out.
    if (signedOut) return
    event.preventDefault()
    form.requestSubmit()
  })
  typingForms().forEach(function (typed) {
    typed.addEventListener('input', function () {
      if (!signedOut && Date.now() - lastKeepAlive >= keepAliveMs) keepAlive().catch(function () {})
    })
  })
  window.setInterval(tick, 1000)
}

// Shows the times in the visitor's own zone on the first visit: if the page
// was not asked for a zone (no ?tz=) and the browser's differs from the one
// shown, reload with it. Without JavaScript the zone picker does the same.
(function () {
  var form = document.querySelector('[data-zone-form]')
  if (!form || new URLSearchParams(location.search).has('tz')) return
  var zone
  try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone } catch (e) { return }
  var select = form.querySelector('select')
  if (!zone || !select || select.value === zone) return
  for (var i = 0; i < select.options.length; i++) {
    if (select.options[i].value === zone) { select.value = zone; form.submit(); return }
  }
})()

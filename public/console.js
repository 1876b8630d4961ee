// Progressive enhancement for the console (the pages work without it):
// - "添加一行" on repeated elements clones the blank row with a fresh index.
(function () {
  'use strict';
  document.querySelectorAll('fieldset.rows').forEach(function (set) {
    var button = set.querySelector(':scope > button.add-row');
    var template = set.querySelector(':scope > fieldset[data-template]');
    if (!button || !template) return;
    button.hidden = false;
    button.addEventListener('click', function () {
      var rows = set.querySelectorAll(':scope > fieldset.row');
      var index = rows.length;
      var prefix = set.getAttribute('data-rows');
      var clone = template.cloneNode(true);
      var from = prefix + '[' + template.getAttribute('data-index') + ']';
      var to = prefix + '[' + index + ']';
      clone.querySelectorAll('[name]').forEach(function (el) {
        el.name = el.name.split(from).join(to);
        if (el.type === 'checkbox') el.checked = false; else if (el.tagName !== 'SELECT') el.value = '';
        el.id = el.id ? el.id + '-' + index : el.id;
      });
      clone.querySelectorAll('label[for]').forEach(function (l) { l.htmlFor = l.htmlFor + '-' + index; });
      set.insertBefore(clone, button);
      var first = clone.querySelector('input, select, textarea');
      if (first) first.focus();
    });
  });
})();

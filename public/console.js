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

// Live check: the element form is checked as the clerk types; findings appear beside the fields they
// concern (the same markup the server renders after saving). Without JavaScript, saving shows them.
(function () {
  'use strict';
  var form = document.querySelector('form[data-live-check]');
  if (!form || !window.fetch || !window.URLSearchParams) return;
  var url = form.getAttribute('data-live-check');
  var timer = null;
  var seq = 0;
  var LABEL = { error: '错误', warning: '警告', info: '提示' };

  function fieldFor(path) {
    return document.getElementById('f-' + path.split('.').join('-'));
  }

  function render(notes) {
    form.querySelectorAll('ul.notes[data-live]').forEach(function (ul) { ul.remove(); });
    form.querySelectorAll('ul.notes:not([data-live])').forEach(function (ul) { ul.hidden = true; });
    Object.keys(notes).forEach(function (path) {
      var el = fieldFor(path);
      if (!el) return;
      var ul = document.createElement('ul');
      ul.className = 'notes';
      ul.setAttribute('data-live', '');
      ul.id = el.id + '-notes-live';
      notes[path].forEach(function (n) {
        var li = document.createElement('li');
        li.className = 'note note-' + n.severity;
        li.textContent = (LABEL[n.severity] || '') + '：' + n.message + (n.rule ? ' ' + n.rule : '');
        ul.appendChild(li);
      });
      var anchor = el.tagName === 'FIELDSET' ? el.querySelector('legend') : el;
      anchor.insertAdjacentElement('afterend', ul);
      el.setAttribute('aria-describedby', ul.id);
    });
  }

  // The 检查结果 box lists the findings of the last save; once the clerk edits, it says so and gives the live count.
  function summarize(summary) {
    var box = document.querySelector('section.findings');
    if (!box || !summary) return;
    var p = box.querySelector('p.live-summary');
    if (!p) {
      p = document.createElement('p');
      p.className = 'live-summary';
      p.setAttribute('role', 'status');
      box.querySelector('h2').insertAdjacentElement('afterend', p);
    }
    p.textContent = '当前填写的内容：' + summary.errors + ' 处错误、' + summary.warnings + ' 处警告（见各字段旁）。下方列表为上次保存时的结果，保存后更新。';
  }

  function check() {
    var mine = ++seq;
    var body = new URLSearchParams(new FormData(form));
    fetch(url, { method: 'POST', body: body, credentials: 'same-origin', headers: { 'content-type': 'application/x-www-form-urlencoded' } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) { if (data && mine === seq) { render(data.notes || {}); summarize(data.summary); } })
      .catch(function () { /* offline: the server check on save still applies */ });
  }

  form.addEventListener('input', function () {
    clearTimeout(timer);
    timer = setTimeout(check, 700);
  });
  form.addEventListener('change', function () {
    clearTimeout(timer);
    timer = setTimeout(check, 200);
  });
})();

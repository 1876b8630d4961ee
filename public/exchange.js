// Progressive enhancement for 导入导出 (the page works without it: the result page replaces this one when the
// import is done): while the upload form's request runs, poll the import's progress and show it.
(function () {
  'use strict';
  var form = document.querySelector('form[data-import-progress]');
  var status = document.getElementById('import-progress');
  if (!form || !status) return;
  form.addEventListener('submit', function () {
    var token = form.querySelector('input[name="progress"]').value;
    status.hidden = false;
    status.textContent = '正在读取和检查文件…';
    function poll() {
      fetch('/console/exchange/import/progress?token=' + encodeURIComponent(token), { credentials: 'same-origin', headers: { accept: 'application/json' } })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (p) {
          if (p && p.total) status.textContent = '已处理 ' + p.done + '/' + p.total + ' 项，约 ' + p.rate + ' 项/秒，预计还需 ' + p.eta + ' 秒';
        })
        .catch(function () {})
        .then(function () { setTimeout(poll, 1000); });
    }
    setTimeout(poll, 1000);
  });
})();

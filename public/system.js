// Progressive enhancement for 系统配置 (the page works without it: paste the JSON instead):
// - "从文件读取" reads the chosen .json file into the notice text area. Nothing is uploaded until "导入".
(function () {
  'use strict';
  document.querySelectorAll('[data-file-loader]').forEach(function (field) {
    var input = field.querySelector('input[type="file"]');
    var target = input && document.getElementById(input.getAttribute('data-target'));
    if (!input || !target || !window.FileReader) return;
    field.hidden = false;
    input.addEventListener('change', function () {
      var file = input.files && input.files[0];
      if (!file) return;
      var reader = new FileReader();
      reader.onload = function () { target.value = String(reader.result); target.focus(); };
      reader.readAsText(file, 'utf-8');
    });
  });
})();

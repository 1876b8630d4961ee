/*
 * 事项通 embeddable widget, v1. One tag on a unit's own website:
 *
 *   <script src="https://PORTAL/widget/v1.js" data-unit="UNIT-ID-OR-USCC" defer></script>
 *
 * Shows the unit's published items and their service guides from the public API of the same publication
 * (同源发布). No dependencies; styles live in a shadow root (they neither leak into nor inherit from the
 * host page); every text is set with textContent (never innerHTML), and only http(s) links are followed.
 * Needs on the host page's CSP, if it has one: script-src and connect-src for the portal's origin.
 */
(function () {
  'use strict';

  var CSS = [
    ':host{all:initial;display:block;font-family:"PingFang SC","Microsoft YaHei","Noto Sans CJK SC",system-ui,sans-serif;font-size:15px;line-height:1.6;color:#1a1a1a}',
    '.sx{border:1px solid #c9ced6;border-radius:6px;background:#fff;padding:.6rem 1rem;max-width:60rem}',
    '.sx h2{font-size:1.15rem;margin:.2rem 0 .6rem;color:#7a1515}',
    '.sx h3{font-size:1.05rem;margin:.8rem 0 .3rem}',
    '.sx ul{list-style:none;margin:0;padding:0}',
    '.sx li{border-top:1px solid #e3e6ea}',
    '.sx button.item{all:unset;box-sizing:border-box;display:block;width:100%;padding:.45rem .2rem;cursor:pointer;color:#0b57a4}',
    '.sx button.item:hover{text-decoration:underline}',
    '.sx button:focus,.sx a:focus,.sx input:focus{outline:3px solid #f0b429;outline-offset:2px}',
    '.sx .tag{display:inline-block;margin-left:.5rem;padding:0 .4rem;border-radius:3px;background:#e8edf3;color:#1f2d3d;font-size:.85rem}',
    '.sx .tag.sus{background:#fdecee;color:#b00020}',
    '.sx input{font:inherit;padding:.3rem .5rem;border:1px solid #767f8c;border-radius:4px;width:100%;box-sizing:border-box;margin:0 0 .5rem}',
    '.sx .back{all:unset;cursor:pointer;color:#0b57a4;text-decoration:underline}',
    '.sx .go{display:inline-block;margin:.4rem 0;padding:.4rem 1rem;background:#9b1c1c;color:#fff;border-radius:4px;text-decoration:none}',
    '.sx table{border-collapse:collapse;width:100%}',
    '.sx th,.sx td{border:1px solid #c9ced6;padding:.3rem .5rem;text-align:left;vertical-align:top}',
    '.sx .pre{white-space:pre-line}',
    '.sx .foot{color:#525a66;font-size:.85rem;margin-top:.6rem}',
    '.sx .warn{color:#b00020}'
  ].join('\n');

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    if (attrs) for (var k in attrs) if (Object.prototype.hasOwnProperty.call(attrs, k)) {
      if (k === 'text') node.textContent = attrs[k];
      else if (k === 'class') node.className = attrs[k];
      else node.setAttribute(k, attrs[k]);
    }
    (children || []).forEach(function (c) { if (c) node.appendChild(typeof c === 'string' ? document.createTextNode(c) : c); });
    return node;
  }
  function isHttp(url) { return typeof url === 'string' && /^https?:\/\/[^\s<>"]+$/i.test(url); }
  function link(url, text, cls) { return isHttp(url) ? el('a', { href: url, rel: 'noopener noreferrer', target: '_blank', class: cls || '', text: text }) : document.createTextNode(text); }
  function getJson(url) {
    return fetch(url, { credentials: 'omit', headers: { accept: 'application/json' } }).then(function (res) {
      if (!res.ok) throw new Error('HTTP ' + res.status);
      return res.json();
    });
  }
  var UNITS = { '1': '个工作日', '2': '个自然日', '3': '小时' };
  function limitText(t) { return !t ? '' : t.unit === '4' ? '即时办结' : t.value + (UNITS[t.unit] || '') + (t.note ? '（' + t.note + '）' : ''); }

  function mount(script) {
    if (script.getAttribute('data-shixiang-mounted')) return;
    script.setAttribute('data-shixiang-mounted', '1');
    var base = script.src.replace(/\/widget\/v1\.js(\?.*)?$/, '');
    var unit = script.getAttribute('data-unit') || '';
    var host = el('div', { class: 'shixiang-widget', 'data-unit': unit });
    script.parentNode.insertBefore(host, script.nextSibling);
    var root = host.attachShadow ? host.attachShadow({ mode: 'open' }) : host;
    if (root !== host && 'adoptedStyleSheets' in root && typeof CSSStyleSheet === 'function' && CSSStyleSheet.prototype.replaceSync) {
      var sheet = new CSSStyleSheet();
      sheet.replaceSync(CSS);
      root.adoptedStyleSheets = [sheet];
    }
    var box = el('section', { class: 'sx', 'aria-label': '政务服务事项' });
    root.appendChild(box);
    var items = [];
    var seq = 0;
    var unitName = '';

    function footer() {
      return el('p', { class: 'foot' }, ['数据来源：', link(base + '/', '政务服务事项目录'), '（同源发布，发布序号 ' + seq + '）']);
    }
    function setSeq(n) { seq = n; host.setAttribute('data-publication-seq', String(n)); }

    function showList(filter) {
      box.textContent = '';
      var search = el('input', { type: 'search', 'aria-label': '在本单位事项中查找', placeholder: '输入事项名称查找' });
      search.value = filter || '';
      search.addEventListener('input', function () { renderRows(search.value.trim()); });
      var list = el('ul', { 'aria-label': '事项列表' });
      function renderRows(f) {
        list.textContent = '';
        items.filter(function (i) { return !f || i.name.indexOf(f) >= 0; }).forEach(function (i) {
          var b = el('button', { class: 'item', type: 'button' }, [i.name]);
          if (i.lifeState === 'suspended') b.appendChild(el('span', { class: 'tag sus', text: '暂停办理' }));
          b.appendChild(el('span', { class: 'tag', text: i.typeLabel }));
          b.addEventListener('click', function () { showItem(i.code); });
          list.appendChild(el('li', null, [b]));
        });
      }
      renderRows(filter);
      box.appendChild(el('h2', { text: (unitName || '本单位') + '政务服务事项（' + items.length + ' 项）' }));
      box.appendChild(search);
      box.appendChild(list);
      box.appendChild(footer());
    }

    function section(title, nodes) {
      var parts = nodes.filter(Boolean);
      if (!parts.length) return null;
      return el('div', null, [el('h3', { text: title })].concat(parts));
    }
    function textBlock(text) { return text ? el('p', { class: 'pre', text: text }) : null; }

    function showItem(code) {
      box.textContent = '';
      box.appendChild(el('p', { text: '正在加载…' }));
      getJson(base + '/api/public/v1/items/' + encodeURIComponent(code)).then(function (item) {
        setSeq(item.publication.seq);
        var c = item.content || {};
        box.textContent = '';
        var back = el('button', { class: 'back', type: 'button', text: '‹ 返回事项列表' });
        back.addEventListener('click', function () { showList(''); });
        box.appendChild(back);
        box.appendChild(el('h2', { text: item.name }));
        if (item.lifeState === 'suspended') box.appendChild(el('p', { class: 'warn', text: '本事项已暂停办理。' }));
        var online = item.onlineHandling || {};
        if (online.channel === 'exempt') box.appendChild(el('p', { text: '本事项不实行网上办理：' + (online.reason || '') }));
        else if (item.lifeState !== 'suspended' && isHttp(online.url)) box.appendChild(link(online.url, '在线办理', 'go'));
        var materials = (c.materials || []).map(function (m) { return el('li', { text: m.name }); });
        [
          section('受理条件', [textBlock(c.acceptCondition)]),
          section('申请材料', materials.length ? [el('ul', null, materials)] : []),
          section('办理时限', [textBlock([c.legalLimit ? '法定办结时限：' + limitText(c.legalLimit) : '', c.promiseLimit ? '承诺办结时限：' + limitText(c.promiseLimit) : ''].filter(Boolean).join('\n'))]),
          section('收费', [textBlock(c.isFee === false ? '不收费' : (c.fees || []).map(function (f) { return f.name + '：' + f.standard; }).join('\n'))]),
          section('办理地点和时间', [textBlock([c.transactAddr, c.transactTime].filter(Boolean).join('\n'))]),
          section('咨询电话', [textBlock(c.consult && c.consult.phone)]),
          section('常见问题', (c.faqs || []).map(function (f) { return el('div', null, [el('strong', { text: f.question }), textBlock(f.answer)]); }))
        ].forEach(function (s) { if (s) box.appendChild(s); });
        box.appendChild(el('p', null, ['第 ' + item.version + ' 版，', (item.publishedAt || '').slice(0, 10), ' 发布。', link(base + '/items/' + encodeURIComponent(item.code), '查看完整办事指南')]));
        box.appendChild(footer());
      }).catch(function () {
        box.textContent = '';
        box.appendChild(el('p', { text: '事项信息暂时无法加载，请访问政务服务事项目录查询。' }));
        box.appendChild(link(base + '/items/' + encodeURIComponent(code), '打开办事指南'));
      });
    }

    function loadPage(offset) {
      return getJson(base + '/api/public/v1/items?unit=' + encodeURIComponent(unit) + '&limit=100&offset=' + offset).then(function (page) {
        setSeq(page.publication.seq);
        items = items.concat(page.items);
        if (page.items.length && !unitName) unitName = page.items[0].unit.name;
        return items.length < page.total && page.items.length ? loadPage(offset + page.items.length) : null;
      });
    }
    box.appendChild(el('p', { text: '正在加载政务服务事项…' }));
    loadPage(0).then(function () { showList(''); }).catch(function () {
      box.textContent = '';
      box.appendChild(el('p', { text: '政务服务事项暂时无法加载。' }));
      box.appendChild(link(base + '/', '访问政务服务事项目录'));
    });
  }

  var scripts = document.querySelectorAll('script[data-unit]');
  for (var i = 0; i < scripts.length; i++) if (/\/widget\/v1\.js(\?|$)/.test(scripts[i].src)) mount(scripts[i]);
})();

// TrustWatch desk: charts (ECharts, embedded) and sortable tables. No inline
// scripts: the pages' Content-Security-Policy allows only these files.
(function () {
  var el = document.getElementById('chart');
  var dataEl = document.getElementById('chart-data');
  if (el && dataEl && window.echarts) {
    var d = JSON.parse(dataEl.textContent);
    var chart = echarts.init(el, null, {renderer: 'svg'});
    if (el.dataset.kind === 'ranking') {
      chart.setOption({
        animation: false,
        tooltip: {trigger: 'axis'},
        grid: {left: 140, right: 30, top: 20, bottom: 30},
        xAxis: {type: 'value', min: 0, max: 100, name: '指数'},
        yAxis: {type: 'category', data: d.names, inverse: true},
        series: [
          {type: 'bar', name: '指数', data: d.scores, itemStyle: {color: '#8b1a1a'}},
          {type: 'custom', name: '90%区间', renderItem: function (params, api) {
            var y = api.coord([0, api.value(0)])[1];
            var lo = api.coord([api.value(1), 0])[0], hi = api.coord([api.value(2), 0])[0];
            return {type: 'line', shape: {x1: lo, y1: y, x2: hi, y2: y}, style: {stroke: '#222', lineWidth: 2}};
          }, data: d.bands, z: 10}
        ]
      });
    } else {
      chart.setOption({
        animation: false,
        tooltip: {trigger: 'axis'},
        legend: {data: ['指数', '90%区间下限', '90%区间上限']},
        xAxis: {type: 'category', data: d.periods},
        yAxis: {type: 'value', min: 0, max: 100},
        series: [
          {type: 'line', name: '指数', data: d.scores, itemStyle: {color: '#8b1a1a'}},
          {type: 'line', name: '90%区间下限', data: d.lo, lineStyle: {type: 'dashed'}, symbol: 'none'},
          {type: 'line', name: '90%区间上限', data: d.hi, lineStyle: {type: 'dashed'}, symbol: 'none'}
        ]
      });
    }
    window.addEventListener('resize', function () { chart.resize(); });
  }
  document.querySelectorAll('table.sortable').forEach(function (table) {
    table.querySelectorAll('th[data-sort]').forEach(function (th, _) {
      th.addEventListener('click', function () {
        var idx = Array.prototype.indexOf.call(th.parentNode.children, th);
        var num = th.dataset.sort === 'num';
        var asc = th.dataset.dir !== 'asc';
        th.dataset.dir = asc ? 'asc' : 'desc';
        var rows = Array.prototype.slice.call(table.tBodies[0].rows);
        rows.sort(function (a, b) {
          var x = a.cells[idx].textContent.trim(), y = b.cells[idx].textContent.trim();
          var c = num ? parseFloat(x) - parseFloat(y) : x.localeCompare(y, 'zh-CN');
          return asc ? c : -c;
        });
        rows.forEach(function (r) { table.tBodies[0].appendChild(r); });
      });
    });
  });
  // Filter the ranking by name, grade and the 证据不足 flag.
  var table = document.querySelector('table.filterable');
  var filter = document.getElementById('filter'), grade = document.getElementById('grade'), thin = document.getElementById('thin');
  function apply() {
    var q = filter.value.trim(), g = grade.value, t = thin.checked;
    Array.prototype.forEach.call(table.tBodies[0].rows, function (r) {
      var show = (!q || r.cells[3].textContent.indexOf(q) >= 0) &&
                 (!g || r.querySelector('td.grade').textContent === g) &&
                 (!t || r.querySelector('.flag') !== null);
      r.style.display = show ? '' : 'none';
    });
  }
  if (table && filter) {
    filter.addEventListener('input', apply);
    grade.addEventListener('change', apply);
    thin.addEventListener('change', apply);
  }
  var sel = document.getElementById('period');
  if (sel) { sel.addEventListener('change', function () { sel.form.submit(); }); }
})();

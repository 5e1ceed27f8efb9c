import { describe, expect, it } from 'vitest';
import { html, jsonScript, raw, slug } from '../warehouse/report/html.js';
import { layoutLineage } from '../warehouse/report/lineageLayout.js';
import { loadModels } from '../warehouse/modelGraph.js';

// The report's two pure building blocks: escaping (everything in the page goes through it) and
// the lineage layout (every model placed after what it reads).

describe('report html', () => {
  it('escapes every interpolated value, in text and in attributes', () => {
    const name = `<img src=x onerror="alert('hi')"> & co`;
    expect(html`<p title="${name}">${name}</p>`.text).toBe(
      '<p title="&lt;img src=x onerror=&quot;alert(&#39;hi&#39;)&quot;&gt; &amp; co">&lt;img src=x onerror=&quot;alert(&#39;hi&#39;)&quot;&gt; &amp; co</p>',
    );
  });

  it('passes nested templates and raw markup through, and drops null, undefined and false', () => {
    const items = ['a<b', 'c'].map((item) => html`<li>${item}</li>`);
    expect(html`<ul>${items}</ul>${null}${undefined}${false}${raw('<hr>')}${0}`.text).toBe('<ul><li>a&lt;b</li><li>c</li></ul><hr>0');
  });

  it('writes JSON that cannot close its script element', () => {
    const script = jsonScript('data', { country: '</script><script>alert(1)</script>', big: 12n, line: '\u2028' }).text;
    expect(script).not.toContain('</script><script>');
    expect(script.match(/<\/script>/g)).toHaveLength(1);
    const json = script.slice(script.indexOf('>') + 1, script.lastIndexOf('</script>'));
    expect(JSON.parse(json)).toEqual({ country: '</script><script>alert(1)</script>', big: '12', line: '\u2028' });
  });

  it('makes anchors of names', () => {
    expect(slug('sprint_mart.daily_kpis')).toBe('sprint-mart-daily-kpis');
  });
});

describe('lineage layout', () => {
  it('places every model in a column after every relation it reads, raw views first', () => {
    const models = loadModels();
    const layout = layoutLineage(models);
    const depth = new Map(layout.nodes.map((node) => [node.id, node.depth]));
    expect(layout.nodes.filter((node) => node.depth === 0).every((node) => node.schema === 'sprint_raw')).toBe(true);
    for (const model of models) expect(depth.has(`${model.schema}.${model.name}`)).toBe(true);
    for (const edge of layout.edges) expect(depth.get(edge.source)!).toBeLessThan(depth.get(edge.target)!);
    const places = layout.nodes.map((node) => `${node.depth}:${node.row}`);
    expect(new Set(places).size).toBe(places.length);
  });
});

/// Attest's one stylesheet, served at `/static/attest.css`. Colours meet WCAG AA contrast;
/// the layout works from a phone up; focus is always visible.
public enum Stylesheet {
    /// Rewrites each `<time class="local" datetime="…">` in the reader's own time zone and
    /// language ("1 Dec 2026, 18:27"); the server's text (in UTC, zone named) stays as the tooltip.
    public static let localTimeScript = """
        "use strict";
        document.addEventListener("DOMContentLoaded", function () {
          var format = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });
          document.querySelectorAll("time.local[datetime]").forEach(function (element) {
            var when = new Date(element.getAttribute("datetime"));
            if (isNaN(when.getTime())) { return; }
            element.title = element.textContent;
            element.textContent = format.format(when);
          });
        });
        """

    public static let css = """
        :root { --ink: #1b1f24; --muted: #4a5360; --line: #d6dbe1; --bg: #f7f8fa; --card: #fff;
                --accent: #0b5cad; --accent-ink: #fff; --ok: #1e6b34; --bad: #a4161a; font-size: 16px; }
        * { box-sizing: border-box; }
        body { margin: 0; font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink);
               background: var(--bg); line-height: 1.5; }
        a { color: var(--accent); }
        :focus-visible { outline: 3px solid #f5a623; outline-offset: 2px; }
        .skip { position: absolute; left: -999px; top: 0; background: var(--card); padding: .5rem; }
        .skip:focus { left: .5rem; }
        header { background: var(--card); border-bottom: 1px solid var(--line); }
        .bar { display: flex; flex-wrap: wrap; align-items: center; gap: .75rem 1.5rem; padding: .5rem 1rem; max-width: 72rem; margin: 0 auto; }
        .brand { font-weight: 700; font-size: 1.2rem; text-decoration: none; color: var(--ink); }
        nav ul { list-style: none; display: flex; flex-wrap: wrap; gap: .25rem 1rem; margin: 0; padding: 0; }
        nav a[aria-current=page] { font-weight: 700; text-decoration-thickness: 3px; }
        .account { margin-left: auto; display: flex; gap: .5rem; align-items: center; }
        .switcher { position: relative; }
        .switcher summary { cursor: pointer; padding: .25rem .5rem; border: 1px solid var(--line); border-radius: 4px; }
        .switcher .menu { position: absolute; z-index: 2; background: var(--card); border: 1px solid var(--line);
                          list-style: none; margin: .25rem 0 0; padding: .5rem; min-width: 16rem; }
        main { display: block; max-width: 72rem; margin: 0 auto; padding: 1rem; }
        main.narrow { max-width: 28rem; margin-top: 4rem; background: var(--card); border: 1px solid var(--line); border-radius: 8px; }
        h1 { font-size: 1.6rem; margin: .5rem 0; } h2 { font-size: 1.25rem; margin-top: 1.5rem; }
        .lede, .hint { color: var(--muted); }
        .hint { font-size: .9rem; margin: .25rem 0; }
        .grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(18rem, 1fr)); gap: 1rem; }
        .card { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 1rem; }
        .card h2 { margin-top: 0; }
        .field { margin: .75rem 0; }
        .field label { display: block; font-weight: 600; }
        input[type=text], input[type=email], input[type=password], input[type=search], input[type=date], select {
            display: block; width: 100%; max-width: 28rem; padding: .5rem; margin-top: .25rem; font: inherit;
            border: 1px solid #8a94a0; border-radius: 4px; background: #fff; color: var(--ink); }
        button { font: inherit; padding: .45rem 1rem; border-radius: 4px; border: 1px solid var(--accent); cursor: pointer; }
        button.primary { background: var(--accent); color: var(--accent-ink); }
        button.secondary { background: var(--card); color: var(--accent); }
        button.link { background: none; border: none; color: var(--accent); text-decoration: underline; padding: 0; }
        form.inline { display: inline; }
        form.filters { display: flex; flex-wrap: wrap; gap: 0 1rem; align-items: end; }
        .flash { padding: .5rem 1rem; border-radius: 6px; margin: .75rem 0; border: 1px solid var(--line); background: var(--card); }
        .flash.error { border-color: var(--bad); color: var(--bad); }
        .flash.notice { border-color: var(--ok); }
        .badge { display: inline-block; padding: .1rem .5rem; border-radius: 4px; font-weight: 600; margin-right: .4rem; }
        .badge.unmodified { background: #e3f4e8; color: #0f5a2a; } .badge.qualified { background: #fff3d6; color: #6b4a00; }
        .badge.adverse, .badge.disclaimer { background: #fde2e1; color: #8a1c17; }
        ul.problems li { color: var(--bad); }
        .table-wrap { overflow-x: auto; }
        table { border-collapse: collapse; width: 100%; background: var(--card); }
        th, td { text-align: left; padding: .4rem .6rem; border-bottom: 1px solid var(--line); vertical-align: top; }
        .mono, code { font-family: ui-monospace, "SFMono-Regular", Menlo, monospace; font-size: .9rem; }
        code.secret { display: block; padding: .5rem; background: #eef2f6; word-break: break-all; }
        details.criterion { background: var(--card); border: 1px solid var(--line); border-radius: 6px; margin: .5rem 0; padding: .5rem 1rem; }
        details.criterion summary { cursor: pointer; font-weight: 600; }
        .id { font-family: ui-monospace, Menlo, monospace; color: var(--accent); }
        .tag { font-size: .8rem; color: var(--muted); border: 1px solid var(--line); border-radius: 999px; padding: 0 .5rem; margin-left: .5rem; }
        svg.chart { width: 100%; max-width: 30rem; height: auto; }
        svg.chart .bar { fill: var(--accent); } svg.chart text { font-size: 13px; fill: var(--ink); }
        ul.codes { columns: 2; font-family: ui-monospace, Menlo, monospace; }
        @media (max-width: 40rem) { .account { margin-left: 0; } h1 { font-size: 1.35rem; } }
        @media print { header, .skip, form { display: none; } body { background: #fff; } }
        """
}

extension Stylesheet {
    /// Rules for the evidence pages.
    public static let evidenceCSS = """
        tr.expired td { background: #fff4f4; }
        dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; }
        dl.facts dt { font-weight: 600; }
        pre.preview { background: var(--card); border: 1px solid var(--line); padding: .75rem; overflow: auto; max-height: 24rem; }
        img.preview { max-width: 100%; border: 1px solid var(--line); }
        progress { display: block; width: 100%; max-width: 28rem; margin: .5rem 0; }
        input[type=file] { display: block; margin-top: .25rem; }
        """
}

extension Stylesheet {
    /// Rules for the programme pages: engagement, controls, policies, readiness, crosswalk.
    public static let programmeCSS = """
        .card.wide { grid-column: span 2; }
        @media (max-width: 48rem) { .card.wide { grid-column: auto; } }
        svg.chart .track { fill: #e8ebef; }
        svg.chart .bar.good { fill: var(--ok); } svg.chart .bar.fair { fill: #8a5a00; } svg.chart .bar.poor { fill: var(--bad); }
        svg.chart .grid { stroke: var(--line); } svg.chart .axis { font-size: 11px; fill: var(--muted); }
        svg.chart .line { stroke: var(--accent); stroke-width: 2.5; } svg.chart .dot { fill: var(--accent); }
        svg.chart .today { stroke: var(--bad); stroke-dasharray: 4 3; }
        svg.timeline { max-width: 44rem; }
        svg.calendar { width: auto; max-width: 100%; } svg.calendar .day.healthy { fill: var(--ok); } svg.calendar .day.at_risk { fill: #d99a00; }
        svg.calendar .day.failing { fill: var(--bad); } svg.calendar .day.error { fill: #6c4a9e; }
        svg.calendar .day.gap { fill: #fff; stroke: var(--bad); stroke-width: 1.2; stroke-dasharray: 2 1.5; }
        svg.calendar .day.future { fill: #eef0f3; }
        span.health { padding: 0 .45rem; border-radius: 3px; font-size: .85rem; font-weight: 600; }
        span.health.healthy { background: #e3f4e8; color: #0f5a2a; } span.health.at_risk { background: #fff1cc; color: #6b4500; }
        span.health.failing { background: #fbe3e4; color: var(--bad); } span.health.error { background: #ece4f7; color: #4b2f78; }
        span.health.not_run { background: #eef0f3; color: var(--muted); }
        svg.timeline .phase-observation { fill: #5b7fa6; } svg.timeline .phase-fieldwork { fill: #8a5a00; }
        svg.timeline .phase-draft_report, svg.timeline .phase-final_report { fill: var(--ok); }
        form.row-form, form.inline-form { display: flex; flex-wrap: wrap; gap: .35rem; align-items: center; margin: 0; }
        form.row-form input[type=text], form.row-form input[type=email] { width: 11rem; }
        table.list td .hint { margin: .15rem 0 0; font-size: .85rem; color: var(--muted); }
        table.compact th { text-align: left; padding-right: 1rem; font-weight: 600; }
        tr.attention td { background: #fff8e6; } tr.retired td { color: var(--muted); }
        span.status { padding: 0 .4rem; border-radius: 3px; font-size: .85rem; }
        span.status.gap { background: #fbe3e4; color: var(--bad); } span.status.partial { background: #fff1cc; color: #6b4500; }
        p.big { font-size: 1.4rem; font-weight: 700; margin: .2rem 0; }
        article.policy { max-width: 48rem; } article.policy table { border-collapse: collapse; }
        article.policy th, article.policy td { border: 1px solid var(--line); padding: .25rem .5rem; }
        pre.diff { background: var(--card); border: 1px solid var(--line); padding: .75rem; white-space: pre-wrap; }
        pre.diff ins { background: #e6f4ea; text-decoration: none; display: block; } pre.diff del { background: #fbe3e4; display: block; }
        textarea { width: 100%; font-family: ui-monospace, Menlo, monospace; }
        fieldset { border: 1px solid var(--line); border-radius: 4px; } fieldset label { margin-right: 1rem; }
        ul.reminders li.overdue { color: var(--bad); }
        table.matrix td { text-align: center; } table.matrix td.pass { color: var(--ok); }
        table.matrix td.fail { color: var(--bad); background: #fbe3e4; text-align: left; } table.matrix td.untested { color: var(--muted); }
        .results-grid table.matrix td, .results-grid table.matrix th { padding: .1rem .4rem; }
        .results-grid select { width: auto; padding: .1rem .3rem; } .results-grid input[type=text] { width: 100%; padding: .1rem .3rem; }
        div.exception { border-left: 4px solid var(--bad); padding-left: .75rem; margin: .5rem 0; }
        """
}

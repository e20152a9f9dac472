package batch

import (
	"cmp"
	"html/template"
	"io"
	"slices"
)

// chartTop is how many bars a chart of findings or formats shows.
const chartTop = 12

// bar is one bar of a chart: a label, a count, its width and position.
type bar struct {
	Label      string
	Count      int
	Width, Y   int
	TextY      int
	Class      string
	CountLabel int // x of the count after the bar
}

// chart is an inline SVG bar chart.
type chart struct {
	Title  string
	Bars   []bar
	Height int
}

const (
	barHeight = 22
	barSpace  = 6
	barMax    = 420 // pixels of the longest bar
	labelW    = 260 // pixels left for the labels
)

// newChart lays out counts as horizontal bars, the largest first (ties
// by label), at most chartTop of them.
func newChart(title string, counts map[string]int, class func(string) string) chart {
	labels := make([]string, 0, len(counts))
	for l := range counts {
		labels = append(labels, l)
	}
	slices.SortFunc(labels, func(a, b string) int {
		return cmp.Or(cmp.Compare(counts[b], counts[a]), cmp.Compare(a, b))
	})
	labels = labels[:min(len(labels), chartTop)]
	most := 1
	for _, l := range labels {
		most = max(most, counts[l])
	}
	c := chart{Title: title}
	for i, l := range labels {
		w := max(1, counts[l]*barMax/most)
		y := i * (barHeight + barSpace)
		c.Bars = append(c.Bars, bar{Label: l, Count: counts[l], Width: w, Y: y, TextY: y + barHeight*2/3,
			Class: class(l), CountLabel: labelW + w + 6})
	}
	c.Height = max(barHeight, len(labels)*(barHeight+barSpace))
	return c
}

// summaryPage is what summary.html shows.
type summaryPage struct {
	S      *Summary
	Charts []chart
}

// pageTemplate is summary.html: self-contained (inline CSS and SVG, no
// external asset), every text escaped by html/template.
var pageTemplate = template.Must(template.New("summary").Parse(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Biogate batch {{.S.Op}}: {{.S.Files}} files</title>
<style>
body{font-family:system-ui,sans-serif;margin:2em;color:#222;max-width:60em}
h1{font-size:1.5em}h2{font-size:1.15em;margin-top:1.6em}
svg text{font-size:13px;fill:#222}
.ok{fill:#3a8d3a}.nonconformant{fill:#d08a16}.failed{fill:#c0392b}.skipped-unsupported{fill:#8a8a8a}.plain{fill:#3b6ea8}
table{border-collapse:collapse}td,th{padding:.2em .8em;text-align:left;border-bottom:1px solid #ddd}
td.n{text-align:right}
</style></head><body>
<h1>Biogate batch {{.S.Op}}</h1>
<p>{{.S.Files}} files, {{.S.Bytes}} bytes, {{.S.Millis}} ms{{if .S.Resumed}}; {{.S.Resumed}} done by an earlier run{{end}}{{if .S.Interrupted}}; <strong>interrupted</strong>{{end}}.</p>
{{range .Charts}}<h2>{{.Title}}</h2>
{{if .Bars}}<svg xmlns="http://www.w3.org/2000/svg" width="800" height="{{.Height}}" role="img" aria-label="{{.Title}}">
{{range .Bars}}<text x="0" y="{{.TextY}}">{{.Label}}</text><rect class="{{.Class}}" x="260" y="{{.Y}}" width="{{.Width}}" height="22"><title>{{.Label}}: {{.Count}}</title></rect><text x="{{.CountLabel}}" y="{{.TextY}}">{{.Count}}</text>
{{end}}</svg>{{else}}<p>None.</p>{{end}}
{{end}}<h2>Slowest files</h2>
{{if .S.Slowest}}<table><tr><th>file</th><th>ms</th></tr>
{{range .S.Slowest}}<tr><td>{{.Source}}</td><td class="n">{{.Millis}}</td></tr>
{{end}}</table>{{else}}<p>None.</p>{{end}}
</body></html>
`))

// writeHTML writes s as summary.html.
func writeHTML(w io.Writer, s *Summary) error {
	outcomes := map[string]int{}
	for o, n := range s.ByOutcome {
		outcomes[string(o)] = n
	}
	plain := func(string) string { return "plain" }
	return pageTemplate.Execute(w, summaryPage{S: s, Charts: []chart{
		newChart("Outcomes", outcomes, func(l string) string { return l }),
		newChart("Formats and versions", mergeFormats(s), plain),
		newChart("Most frequent findings", s.ByAssertion, plain),
	}})
}

// mergeFormats counts files by version where known, else by format.
func mergeFormats(s *Summary) map[string]int {
	out := map[string]int{}
	for k, n := range s.ByVersion {
		out[k] = n
	}
	versioned := map[string]int{}
	for k, n := range s.ByVersion {
		for f := range s.ByFormat {
			if len(k) > len(f) && k[:len(f)+1] == f+" " {
				versioned[f] += n
			}
		}
	}
	for f, n := range s.ByFormat {
		if rest := n - versioned[f]; rest > 0 {
			out[f] = rest
		}
	}
	return out
}

package params

import (
	"synq/model"
	"synq/model/scenario"
	"synq/render/timeline"
)

// PageMemoryLimit is the most memory the runs a link opens may need (model.PageMemoryLimit).
const PageMemoryLimit = model.PageMemoryLimit

// checkPageMemory says whether what the page holds for sc fits in PageMemoryLimit: each run at
// its peak and the snapshots its timeline keeps, for both runs of a comparison.
func checkPageMemory(sc *model.Scenario, compare string) *scenario.MemoryProblem {
	f := model.Estimate(sc)
	runs := int64(1)
	for _, v := range scenario.Variants {
		if v.Key != compare || compare == "" {
			continue
		}
		if a, b, _, err := v.Make(sc); err == nil {
			fa, fb := model.Estimate(a), model.Estimate(b)
			f = fa
			if fb.Bytes > fa.Bytes {
				f = fb
			}
			runs = 2
		}
	}
	extra := " in the page, with the snapshots its timeline keeps"
	if runs == 2 {
		extra += ", for both runs of the comparison"
	}
	return scenario.CheckMemoryOf(sc, f.Kept(runs, timeline.MaxSnapshots), PageMemoryLimit, extra)
}

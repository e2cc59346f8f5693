package params

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
)

// LessonInfo is what links need to know of a lesson: its id (lessons.Lesson.ID), its number in
// the menu, its title and how many steps it has.
type LessonInfo struct {
	ID     string
	Number int
	Title  string
	Steps  int
}

// PageTitle is the browser's title for step (from 1) of the lesson:
// "Lesson 4: Accept-queue overflow (2/6) — synq".
func (l LessonInfo) PageTitle(step int) string {
	return fmt.Sprintf("Lesson %d: %s (%d/%d) — synq", l.Number, l.Title, step, l.Steps)
}

// MenuTitle is the browser's title while the lesson menu shows.
const MenuTitle = "Lessons — synq"

// FindLesson finds the lesson a link names: by its id exactly (exact is then true), else the
// nearest: the id or the title written another way (case, spaces, underscores, the file's
// "04-" prefix), the lesson's number, the one lesson whose id starts with the name, or the one
// id within a small edit distance (a typo: a letter or two for a short name). It returns -1
// when none is near enough, or when two are equally near.
func FindLesson(name string, all []LessonInfo) (i int, exact bool) {
	for i, l := range all {
		if l.ID == name {
			return i, true
		}
	}
	n := normName(name)
	if n == "" {
		return -1, false
	}
	if num, err := strconv.Atoi(n); err == nil {
		for i, l := range all {
			if l.Number == num {
				return i, false
			}
		}
		return -1, false
	}
	// The file name's "04-" before the id.
	if j := strings.IndexFunc(n, func(r rune) bool { return !unicode.IsDigit(r) }); j > 0 && n[j] == '-' {
		n = n[j+1:]
	}
	found := -1
	for i, l := range all {
		if normName(l.ID) == n || normName(l.Title) == n {
			return i, false
		}
	}
	for i, l := range all {
		if strings.HasPrefix(normName(l.ID), n) {
			if found >= 0 {
				return -1, false // two lessons start so: not one nearest
			}
			found = i
		}
	}
	if found >= 0 {
		return found, false
	}
	limit := max(1, len([]rune(n))/4)
	best, bestDist := -1, limit+1
	for i, l := range all {
		d := editDistance(n, normName(l.ID))
		switch {
		case d < bestDist:
			best, bestDist = i, d
		case d == bestDist:
			best = -1
		}
	}
	if bestDist > limit {
		return -1, false
	}
	return best, false
}

// normName writes a lesson's name one way: lower case, words joined by '-'.
func normName(s string) string {
	f := strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
	return strings.Join(f, "-")
}

// editDistance is the Levenshtein distance between a and b, by characters; names longer than
// any lesson's id are not compared (the distance is then their difference in length, at least).
func editDistance(a, b string) int {
	x, y := []rune(a), []rune(b)
	if len(x) > 64 || len(y) > 64 {
		return max(len(x), len(y))
	}
	prev := make([]int, len(y)+1)
	cur := make([]int, len(y)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(x); i++ {
		cur[0] = i
		for j := 1; j <= len(y); j++ {
			cost := 1
			if x[i-1] == y[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(y)]
}

// runParams names the parameters of l that choose or change a run, which a lesson link
// ignores: a lesson's steps choose their own runs.
func runParams(l Link) []string {
	var names []string
	add := func(ok bool, name string) {
		if ok {
			names = append(names, name)
		}
	}
	add(l.Scenario != "", "scenario")
	add(l.Kernel != "", "kernel")
	add(l.Seed != nil, "seed")
	add(l.Backlog != nil, "backlog")
	for i, s := range l.Sysctls {
		if i == 3 {
			names = append(names, fmt.Sprintf("%d more sysctls", len(l.Sysctls)-3))
			break
		}
		names = append(names, clipKey(s.Key))
	}
	add(len(l.Changes) > 0, "change")
	add(l.Compare != "", "compare")
	add(l.At != nil, "t")
	return names
}

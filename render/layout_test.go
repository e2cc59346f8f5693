package render

import (
	"image"
	"strings"
	"testing"
)

func TestArrangeLines(t *testing.T) {
	tests := []struct {
		n                            int
		size                         image.Point
		lineHeight, minColWidth, gap int
		want                         textGrid
	}{
		{n: 0, size: image.Pt(1000, 500), lineHeight: 20, minColWidth: 400, gap: 20, want: textGrid{}},
		{n: 5, size: image.Pt(1000, 10), lineHeight: 20, minColWidth: 400, gap: 20, want: textGrid{}},
		{n: 5, size: image.Pt(1000, 500), lineHeight: 20, minColWidth: 400, gap: 20,
			want: textGrid{cols: 1, rows: 5, colWidth: 1000, shown: 5}},
		{n: 25, size: image.Pt(1000, 500), lineHeight: 20, minColWidth: 400, gap: 20,
			want: textGrid{cols: 1, rows: 25, colWidth: 1000, shown: 25}},
		// 26 lines do not fit in 25 rows: two columns of 13, spread evenly.
		{n: 26, size: image.Pt(1000, 500), lineHeight: 20, minColWidth: 400, gap: 20,
			want: textGrid{cols: 2, rows: 13, colWidth: 490, shown: 26}},
		{n: 50, size: image.Pt(1000, 500), lineHeight: 20, minColWidth: 400, gap: 20,
			want: textGrid{cols: 2, rows: 25, colWidth: 490, shown: 50}},
		// Only two 400-pixel columns fit in 1000: the 51st line and on make way for a marker.
		{n: 60, size: image.Pt(1000, 500), lineHeight: 20, minColWidth: 400, gap: 20,
			want: textGrid{cols: 2, rows: 25, colWidth: 490, shown: 49}},
		// A narrow window keeps one column.
		{n: 60, size: image.Pt(300, 500), lineHeight: 20, minColWidth: 400, gap: 20,
			want: textGrid{cols: 1, rows: 25, colWidth: 300, shown: 24}},
		// A wide window takes a third column when it needs one.
		{n: 60, size: image.Pt(1300, 500), lineHeight: 20, minColWidth: 400, gap: 20,
			want: textGrid{cols: 3, rows: 20, colWidth: 420, shown: 60}},
		// One row and too many lines: only the marker.
		{n: 3, size: image.Pt(100, 20), lineHeight: 20, minColWidth: 400, gap: 20,
			want: textGrid{cols: 1, rows: 1, colWidth: 100, shown: 0}},
	}
	for _, tt := range tests {
		got := arrangeLines(tt.n, tt.size, tt.lineHeight, tt.minColWidth, tt.gap)
		if got != tt.want {
			t.Errorf("arrangeLines(%d, %v, lineHeight %d, minColWidth %d, gap %d) = %+v, want %+v",
				tt.n, tt.size, tt.lineHeight, tt.minColWidth, tt.gap, got, tt.want)
		}
	}
}

func TestPlaceLines(t *testing.T) {
	body := image.Rect(10, 30, 1010, 90) // three 20-pixel rows, two 490-pixel columns
	lines := []string{"a", "b", "c", "d", strings.Repeat("x", 60)}
	got := placeLines(lines, body, 20, 10, 400, 20)
	want := []placedLine{
		{text: "a", at: image.Pt(10, 30)},
		{text: "b", at: image.Pt(10, 50)},
		{text: "c", at: image.Pt(10, 70)},
		{text: "d", at: image.Pt(520, 30)},
		{text: strings.Repeat("x", 48) + "…", at: image.Pt(520, 50)},
	}
	if len(got) != len(want) {
		t.Fatalf("placeLines(%q) = %d lines %+v, want %d", lines, len(got), got, len(want))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("placeLines(%q)[%d] = %+v, want %+v", lines, i, got[i], want[i])
		}
	}
}

func TestPlaceLinesOverflowMarker(t *testing.T) {
	body := image.Rect(0, 0, 100, 40) // two rows, one column
	lines := []string{"a", "b", "c", "d"}
	got := placeLines(lines, body, 20, 0, 400, 20)
	want := []placedLine{
		{text: "a", at: image.Pt(0, 0)},
		{text: "… 3 more lines", at: image.Pt(0, 20), more: true},
	}
	if len(got) != len(want) || got[0] != want[0] || got[1] != want[1] {
		t.Errorf("placeLines(%q) in %v = %+v, want %+v", lines, body, got, want)
	}
}

func TestPlaceLinesNoRoom(t *testing.T) {
	if got := placeLines([]string{"a"}, image.Rect(0, 0, 100, 5), 20, 10, 400, 20); got != nil {
		t.Errorf("placeLines in a body lower than a line = %+v, want nil", got)
	}
}

func TestClipText(t *testing.T) {
	tests := []struct {
		s        string
		maxChars int
		want     string
	}{
		{"hello", 10, "hello"},
		{"hello", 5, "hello"},
		{"hello", 4, "hel…"},
		{"hello", 1, "…"},
		{"hello", 0, ""},
		{"héllo wörld", 6, "héllo…"},
	}
	for _, tt := range tests {
		if got := clipText(tt.s, tt.maxChars); got != tt.want {
			t.Errorf("clipText(%q, %d) = %q, want %q", tt.s, tt.maxChars, got, tt.want)
		}
	}
}

func TestLayoutScreen(t *testing.T) {
	got := layoutScreen(image.Rect(0, 0, 1280, 800), 20, 10)
	want := screenLayout{
		header:     image.Rect(10, 10, 1270, 30),
		body:       image.Rect(10, 40, 1270, 730),
		footerBand: image.Rect(0, 740, 1280, 800),
		footer:     image.Rect(10, 750, 1270, 790),
	}
	if got != want {
		t.Errorf("layoutScreen(1280x800, line 20, pad 10) = %+v, want %+v", got, want)
	}
}

func TestLayoutScreenTooSmallLeavesEmptyBody(t *testing.T) {
	got := layoutScreen(image.Rect(0, 0, 200, 70), 20, 10)
	if !got.body.Empty() {
		t.Errorf("layoutScreen(200x70, line 20, pad 10).body = %v, want empty", got.body)
	}
	if got.footerBand.Min.Y < 0 {
		t.Errorf("layoutScreen(200x70, line 20, pad 10).footerBand = %v, want inside the screen", got.footerBand)
	}
}

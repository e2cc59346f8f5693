package session

import (
	"fmt"
	"strings"
	"synq/model/scenario"
)

// nextVariant shows the next side-by-side comparison of the scenario loaded (V), at the same
// time; after the last it goes back to what was loaded. A comparison whose kernel the model
// lacks is skipped, with a message.
func (s *Session) nextVariant() {
	var skipped []string
	for range len(scenario.Variants) + 1 {
		next := (s.variant + 1) % (len(scenario.Variants) + 1)
		if next == 0 {
			if _, err := s.showVariant(0); err != nil {
				s.Say("%v", err)
				return
			}
			s.Say("%s", withSkipped("back to the scenario as loaded (V: compare)", skipped))
			return
		}
		v := scenario.Variants[next-1]
		note, err := s.showVariant(next)
		if err != nil {
			s.variant = next // on to the one after
			skipped = append(skipped, v.Name+" ("+err.Error()+")")
			continue
		}
		msg := "side by side: " + v.Name + " (V: next)"
		if note != "" {
			msg += "; " + note
		}
		s.Say("%s", withSkipped(msg, skipped))
		return
	}
}

// ShowVariant shows the side-by-side comparison with that key (scenario.Variants) of the
// scenario loaded, at the same time, as V does when it reaches it; "" goes back to the
// scenario as loaded. It returns what the second run had to leave out, if anything.
func (s *Session) ShowVariant(key string) (note string, err error) {
	if key == "" {
		return s.showVariant(0)
	}
	for i, v := range scenario.Variants {
		if v.Key == key {
			return s.showVariant(i + 1)
		}
	}
	return "", fmt.Errorf("no comparison %q; there are %s", key, strings.Join(scenario.VariantKeys(), ", "))
}

// Variant is the comparison shown (scenario.Variants), nil for none.
func (s *Session) Variant() *scenario.Variant {
	if s.variant == 0 {
		return nil
	}
	return &scenario.Variants[s.variant-1]
}

// showVariant loads variant i (0: the scenario as loaded; i: scenario.Variants[i-1]) and goes
// back to the time shown. On an error nothing changes.
func (s *Session) showVariant(i int) (note string, err error) {
	t := s.t
	sa, sb := s.start[0], s.start[1]
	if i > 0 {
		if sa, sb, note, err = scenario.Variants[i-1].Make(s.start[0]); err != nil {
			return "", err
		}
	}
	if err := s.load(sa, sb); err != nil {
		return "", err
	}
	s.variant = i
	s.Seek(t)
	return note, nil
}

func withSkipped(msg string, skipped []string) string {
	if len(skipped) == 0 {
		return msg
	}
	return msg + "; skipped " + strings.Join(skipped, ", ")
}

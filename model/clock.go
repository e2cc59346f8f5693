package model

// clock turns simulated time into the kernel's jiffies and decides when a kernel timer really
// fires. Kernel timers live on the jiffy grid (HZ ticks a second) and, since 4.8, in a timer
// wheel whose outer levels round the expiry up to their granularity: at HZ 250 a timer 1 s
// ahead fires up to 32 ms late, one 4 s ahead up to 256 ms late, one 32 s ahead up to 2 s late.
type clock struct {
	tick  Time   // one jiffy
	start uint64 // jiffies at simulated time 0
	hz    uint64
	wheel bool // 4.8+: the non-cascading wheel; before, a timer fires on its jiffy
}

func newClock(hz int, start uint64, wheel bool) clock {
	return clock{tick: Second / Time(hz), start: start, hz: uint64(hz), wheel: wheel}
}

// jiffies is the kernel's jiffies counter at time t.
func (c clock) jiffies(t Time) uint64 { return c.start + uint64(t/c.tick) }

// at is the simulated time at which the counter reaches j.
func (c clock) at(j uint64) Time { return Time(j-c.start) * c.tick }

// toJiffies converts a duration to jiffies, rounding up as usecs_to_jiffies does.
func (c clock) toJiffies(d Time) uint64 { return uint64((d + c.tick - 1) / c.tick) }

// timer returns when a timer armed at now for delay jiffies (mod_timer(jiffies + delay)) fires.
func (c clock) timer(now Time, delay uint64) Time {
	clk := c.jiffies(now)
	if !c.wheel {
		return c.at(clk + delay)
	}
	return c.at(wheelExpiry(clk, clk+delay))
}

// Timer wheel geometry: 64 buckets a level, each level 8 times coarser than the one below.
const (
	wheelLevelBits = 6
	wheelClkShift  = 3
	wheelDepth     = 9 // HZ > 100
)

// wheelLevelStart is the smallest delta (in jiffies) that goes to level n.
func wheelLevelStart(n int) uint64 {
	return (1<<wheelLevelBits - 1) << ((n - 1) * wheelClkShift)
}

// wheelExpiry is the jiffy at which a timer due at expires, armed when the wheel's clock read
// clk, is run: the level is chosen by how far ahead the timer is, and the expiry is rounded up
// past the level's granularity so that the timer never fires early.
func wheelExpiry(clk, expires uint64) uint64 {
	if expires <= clk {
		return clk
	}
	delta := expires - clk
	lvl := 0
	for lvl+1 < wheelDepth && delta >= wheelLevelStart(lvl+1) {
		lvl++
	}
	shift := uint(lvl * wheelClkShift)
	return ((expires >> shift) + 1) << shift
}

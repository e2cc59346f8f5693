//go:build !linux

package kernel

import "testing"

// TestDoctorSituations stands for kernel/doctor_test.go, which makes real situations with the
// Linux kernel engine: off Linux there is none, and the skip says so.
func TestDoctorSituations(t *testing.T) {
	t.Skip("doctor: skipped, making real situations needs a Linux kernel (network namespaces, TUN devices)")
}

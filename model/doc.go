// Package model is synq's simulation of a Linux listening socket: a deterministic,
// discrete-event model of the SYN queue, the accept queue, syncookies, SYN-ACK retransmission,
// the genuine clients, the flood and the application's accept() loop, for every kernel profile
// (linux-2.6.32 to linux-7.2, CentOS, Debian, 4.4BSD). Each rule names the kernel behaviour it
// follows. It reads no wall clock, starts no goroutine and imports no graphics: the same
// Scenario and seed always give the same trace, counters and Report.
package model

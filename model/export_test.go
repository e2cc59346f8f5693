package model

// DropAllSyns makes the listener drop every SYN silently: cookies off and a negative
// tcp_max_syn_backlog, which no scenario may set, so that the last-quarter rule always holds.
// Tests of the clients' SYN schedule use it on every profile alike.
func DropAllSyns(s *Sim) { s.srv.sysctl.Syncookies, s.srv.sysctl.MaxSynBacklog = 0, -4 }

package main

import (
	"fmt"
	"regexp"
	"strings"
)

// Policy is the page's Content-Security-Policy with ancestors as its frame-ancestors: the
// pages allowed to show it in a frame (a learning platform, a slide deck). "" and 'none' allow
// none, which is the default; otherwise ancestors is a space-separated list of CSP sources:
// 'self', a scheme (https:), or a host with an optional scheme, port and path
// (https://lms.example, *.example.org, https://lms.example:8443/course/). Anything else is an
// error that says what is allowed, so that a typo cannot open the page to every site or break
// the header (a ";" would start a directive of the caller's choosing).
func Policy(ancestors string) (string, error) {
	srcs := strings.Fields(ancestors)
	if len(srcs) == 0 {
		return csp, nil
	}
	for _, s := range srcs {
		switch {
		case s == "'none'" && len(srcs) == 1, s == "'self'", schemeSource.MatchString(s), hostSource.MatchString(s):
		case s == "'none'":
			return "", fmt.Errorf("frame ancestors %q: 'none' must stand alone", ancestors)
		default:
			return "", fmt.Errorf("frame ancestors: %q is not a CSP source; allowed: 'none' (the default), 'self', "+
				"a scheme like https:, or hosts like https://lms.example, *.example.org or https://lms.example:8443/course/, "+
				"separated by spaces", clip(s))
		}
	}
	return cspBase + "; frame-ancestors " + strings.Join(srcs, " "), nil
}

var (
	// schemeSource is a scheme source: https:, http: (not data: or blob:, which a frame's
	// parent never is, nor *).
	schemeSource = regexp.MustCompile(`^https?:$`)
	// hostSource is a host source without quotes, commas or semicolons: an optional http or
	// https scheme, a host name whose first label may be *, an optional port (or *), and an
	// optional path.
	hostSource = regexp.MustCompile(`^(https?://)?(\*\.)?[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*(:([0-9]{1,5}|\*))?(/[A-Za-z0-9._~!$&()*+=:@%/-]*)?$`)
)

// clip shortens a value for a message.
func clip(s string) string {
	if r := []rune(s); len(r) > 60 {
		return string(r[:60]) + "…"
	}
	return s
}

// headersFile is the _headers file of static hosts that read one (Netlify, Cloudflare Pages):
// the headers web/serve sends, for every file of the page.
func headersFile(policy string) string {
	return "# Written by make web (web/serve -headers): the headers of synq's page on hosts that read\n" +
		"# a _headers file; docs/hosting.md says what each is for.\n" +
		"/*\n" +
		"  Content-Security-Policy: " + policy + "\n" +
		"  X-Content-Type-Options: nosniff\n" +
		"  Referrer-Policy: no-referrer\n" +
		"  Cache-Control: no-cache\n"
}

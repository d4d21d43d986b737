// Command ratios reads `go test -bench` output of the bench module (files
// named as arguments, or standard input) and prints, for each mode of
// BenchmarkCreate, the median of every metric per client and the SDK's
// ratios to the others, as Markdown tables ready for the README, followed by
// a check of issue 10's targets.
//
//	go test -run '^$' -bench . -benchmem -count 5 | tee out.txt
//	go run ./ratios out.txt
//
// A ratio is the median, over the runs, of the SDK's value divided by the
// other client's value in the same run (the i-th result of each): the two
// ran seconds apart, so a change in the machine's load between runs cancels
// out. With different numbers of runs it falls back to the ratio of medians.
package main

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"os"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

var (
	modes   = []string{"Mem", "Loopback", "Loopback64"}
	clients = []string{"Raw", "RawTuned", "SDK", "Resty", "Stripe"}
)

// samples[mode][client][unit] holds every value read.
type samples map[string]map[string]map[string][]float64

var nameRE = regexp.MustCompile(`^BenchmarkCreate/([^/\s]+)/([^/\s]+?)(?:-\d+)?$`)

func main() {
	var in []io.Reader
	for _, name := range os.Args[1:] {
		f, err := os.Open(name)
		if err != nil {
			fmt.Fprintln(os.Stderr, "ratios:", err)
			os.Exit(2)
		}
		defer f.Close()
		in = append(in, f)
	}
	if len(in) == 0 {
		in = append(in, os.Stdin)
	}
	s, header, err := parse(io.MultiReader(in...))
	if err != nil {
		fmt.Fprintln(os.Stderr, "ratios:", err)
		os.Exit(2)
	}
	if len(s) == 0 {
		fmt.Fprintln(os.Stderr, "ratios: no BenchmarkCreate results in the input")
		os.Exit(1)
	}
	report(os.Stdout, s, header)
}

// parse reads benchmark lines ("Name-2  N  v unit  v unit ...") and the
// goos/goarch/cpu header lines.
func parse(r io.Reader) (samples, []string, error) {
	s := samples{}
	var header []string
	seen := map[string]bool{}
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		line := sc.Text()
		for _, h := range []string{"goos:", "goarch:", "cpu:"} {
			if strings.HasPrefix(line, h) && !seen[line] {
				seen[line] = true
				header = append(header, line)
			}
		}
		f := strings.Fields(line)
		if len(f) < 4 || len(f)%2 != 0 {
			continue
		}
		m := nameRE.FindStringSubmatch(f[0])
		if m == nil {
			continue
		}
		mode, client := m[1], m[2]
		for i := 2; i+1 < len(f); i += 2 {
			v, err := strconv.ParseFloat(f[i], 64)
			if err != nil {
				continue
			}
			if s[mode] == nil {
				s[mode] = map[string]map[string][]float64{}
			}
			if s[mode][client] == nil {
				s[mode][client] = map[string][]float64{}
			}
			s[mode][client][f[i+1]] = append(s[mode][client][f[i+1]], v)
		}
	}
	return s, header, sc.Err()
}

func median(v []float64) float64 {
	if len(v) == 0 {
		return math.NaN()
	}
	c := append([]float64(nil), v...)
	sort.Float64s(c)
	if n := len(c); n%2 == 1 {
		return c[n/2]
	} else {
		return (c[n/2-1] + c[n/2]) / 2
	}
}

// spread is half the range of v as a percentage of its median.
func spread(v []float64) float64 {
	if len(v) < 2 {
		return 0
	}
	lo, hi := v[0], v[0]
	for _, x := range v {
		lo, hi = math.Min(lo, x), math.Max(hi, x)
	}
	return (hi - lo) / 2 / median(v) * 100
}

func (s samples) med(mode, client, unit string) float64 {
	return median(s[mode][client][unit])
}

// ratio is SDK ÷ other for unit in mode: the median of the per-run ratios.
func (s samples) ratio(mode, unit, other string) float64 {
	a, b := s[mode]["SDK"][unit], s[mode][other][unit]
	if len(a) == 0 || len(a) != len(b) {
		return s.med(mode, "SDK", unit) / s.med(mode, other, unit)
	}
	r := make([]float64, len(a))
	for i := range a {
		r[i] = a[i] / b[i]
	}
	return median(r)
}

func fmtNum(v float64) string {
	switch {
	case math.IsNaN(v):
		return "–"
	case v >= 100:
		return strconv.FormatFloat(v, 'f', 0, 64)
	case v >= 10:
		return strconv.FormatFloat(v, 'f', 1, 64)
	default:
		return strconv.FormatFloat(v, 'f', 3, 64)
	}
}

func fmtRatio(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "–"
	}
	return strconv.FormatFloat(v, 'f', 2, 64) + "×"
}

func report(w io.Writer, s samples, header []string) {
	for _, h := range header {
		fmt.Fprintln(w, h)
	}
	runs := 0
	for _, m := range s {
		for _, c := range m {
			runs = max(runs, len(c["ns/op"]))
		}
	}
	fmt.Fprintf(w, "\nMedians of %d runs (± is half the range of ns/op, as %% of the median).\n\n", runs)
	fmt.Fprintln(w, "| mode | client | ns/op | B/op | allocs/op | conns/op |")
	fmt.Fprintln(w, "|---|---|--:|--:|--:|--:|")
	for _, mode := range modes {
		for _, c := range clients {
			v := s[mode][c]
			if v == nil {
				continue
			}
			fmt.Fprintf(w, "| %s | %s | %s ±%.0f%% | %s | %s | %s |\n", mode, c,
				fmtNum(median(v["ns/op"])), spread(v["ns/op"]),
				fmtNum(median(v["B/op"])), fmtNum(median(v["allocs/op"])), fmtNum(median(v["conns/op"])))
		}
	}

	fmt.Fprintln(w, "\nSDK ÷ other, ns/op (allocs/op), median of the per-run ratios; below 1.00× the SDK is faster (allocates less).")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "| mode | SDK/Raw | SDK/RawTuned | SDK/Resty | SDK/Stripe |")
	fmt.Fprintln(w, "|---|--:|--:|--:|--:|")
	for _, mode := range modes {
		if s[mode]["SDK"] == nil {
			continue
		}
		fmt.Fprintf(w, "| %s |", mode)
		for _, other := range []string{"Raw", "RawTuned", "Resty", "Stripe"} {
			if s[mode][other] == nil {
				fmt.Fprint(w, " – |")
				continue
			}
			fmt.Fprintf(w, " %s (%s) |", fmtRatio(s.ratio(mode, "ns/op", other)), fmtRatio(s.ratio(mode, "allocs/op", other)))
		}
		fmt.Fprintln(w)
	}

	fmt.Fprintln(w, "\nTargets (issue 10):")
	check := func(ok bool, format string, args ...any) {
		mark := "PASS"
		if !ok {
			mark = "MISS"
		}
		fmt.Fprintf(w, "- %s  %s\n", mark, fmt.Sprintf(format, args...))
	}
	le := func(v, limit float64) bool { return !math.IsNaN(v) && v <= limit }
	if s["Mem"]["SDK"] != nil {
		ns, al := s.ratio("Mem", "ns/op", "Raw"), s.ratio("Mem", "allocs/op", "Raw")
		check(le(ns, 0.8) && le(al, 0.8), "Mem: SDK/Raw ≤ 0.80× in ns/op (%s) and allocs/op (%s)", fmtRatio(ns), fmtRatio(al))
	}
	for _, mode := range []string{"Loopback", "Loopback64"} {
		if s[mode]["SDK"] == nil {
			continue
		}
		for _, base := range []string{"Raw", "RawTuned"} {
			if s[mode][base] != nil {
				r := s.ratio(mode, "ns/op", base)
				check(le(r, 1), "%s: SDK/%s ≤ 1.00× ns/op (%s)", mode, base, fmtRatio(r))
			}
		}
	}
	for _, mode := range modes {
		for _, other := range []string{"Resty", "Stripe"} {
			if s[mode]["SDK"] != nil && s[mode][other] != nil {
				r := s.ratio(mode, "ns/op", other)
				check(r < 1, "%s: SDK faster than %s (%s)", mode, other, fmtRatio(r))
			}
		}
	}
	if s["Loopback64"]["SDK"] != nil {
		c := s.med("Loopback64", "SDK", "conns/op")
		check(le(c, 0.001), "Loopback64: SDK conns/op ≈ 0 (%s)", fmtNum(c))
	}
}

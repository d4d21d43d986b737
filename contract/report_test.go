package contract

import (
	"fmt"
	"io"
	"text/tabwriter"
)

// notRun is the outcome of an assumption that -run left out.
const notRun outcome = "not run"

// report writes the run's table: each assumption, held / broken / skipped,
// and what its check saw, under a line naming the server and the requests
// sent, and over a count of each outcome.
func report(w io.Writer, tg *target, results []result) {
	fmt.Fprintf(w, "juspay-go contract suite against %s: %d requests\n", tg.name, tg.meter.requests())
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ASSUMPTION\tRESULT\tNOTE")
	counts := map[outcome]int{}
	for _, r := range results {
		counts[r.outcome]++
		fmt.Fprintf(tw, "%s\t%s\t%s\n", r.a.claim, r.outcome, r.note)
	}
	_ = tw.Flush()
	fmt.Fprintf(w, "%d held, %d broken, %d skipped", counts[held], counts[broken], counts[skipped])
	if counts[notRun] > 0 {
		fmt.Fprintf(w, ", %d not run", counts[notRun])
	}
	fmt.Fprintln(w)
}

package contract

import (
	"context"
	"errors"
	"fmt"
)

// assumption is one behaviour of Juspay that juspay-go relies on, and the
// check that shows whether a server has it.
type assumption struct {
	// test is the name of the subtest that checks it.
	test string
	// claim says what Juspay does, as the report prints it.
	claim string
	// check returns nil when tg has the behaviour, a *skippedErr (skipf) when
	// it could not be checked there, and any other error when it is
	// broken. Its note says what it saw (which way card tokens are
	// issued, how far ahead a token expires).
	check func(ctx context.Context, tg *target) (note string, err error)
}

// assumptions are every assumption, in the order the suite checks them
// and the report lists them.
func assumptions() []assumption {
	return []assumption{
		{"CreateAnswersTheReferenceSentAndAnID", "create answers the object_reference_id sent, exactly, and a cst_/cth_ id", checkCreate},
		{"GetByReferenceAndByIDAnswerTheSameCustomer", "get by reference and by id answer the same customer, reference and id exact", checkGet},
		{"SecondCreateWithTheSameReferenceIsAlreadyExists", "a second create with the same reference is 400 \"already exists\"", checkDuplicate},
		{"UpdateChangesOnlyTheFieldsSent", "update changes only the fields sent", checkUpdate},
		{"ClientAuthTokenExpiresAbout15MinutesAhead", "a client auth token comes with an expiry about 15 minutes ahead", checkToken},
		{"UnknownCustomerIsNotFound", "an unknown reference or id is 404 object_not_found", checkNotFound},
		{"BadAPIKeyIs401", "a bad API key is 401", checkBadKey},
		{"AnswersCarryXResponseID", "answers, errors included, carry x-response-id", checkResponseID},
		{"ListCardsEchoesCustomerID", "List Cards echoes the customer_id asked for, exactly", checkCardsEcho},
		{"TwoCardListsKeepTheCardReferences", "two card lists give the same card references", checkCardReferences},
		{"CardTokensAcrossTwoLists", "card tokens across two lists: recorded (unchanged when told to expect it)", checkCardTokens},
		{"DeleteCardByReference", "DeleteCard by reference deletes that card, however tokens are issued", checkDeleteByReference},
		{"ListWalletsShape", "List Wallets answers {list, offset, count, total}, numbers as numbers", checkWallets},
	}
}

// result is one assumption's check on one target.
type result struct {
	a       assumption
	outcome outcome
	// note is what the check saw, why it skipped, or how it broke.
	note string
	// err, when broken, names the assumption and says how it broke.
	err error
}

// verify runs a's check on tg, bounded by tg.checkTimeout.
func verify(ctx context.Context, tg *target, a assumption) result {
	ctx, cancel := context.WithTimeout(ctx, tg.checkTimeout)
	defer cancel()
	note, err := a.check(ctx, tg)
	var skip *skippedErr
	switch {
	case err == nil:
		return result{a: a, outcome: held, note: note}
	case errors.As(err, &skip):
		return result{a: a, outcome: skipped, note: skip.reason}
	}
	if note != "" {
		note += "; "
	}
	return result{a: a, outcome: broken, note: note + err.Error(),
		err: fmt.Errorf("assumption broken: %s (%s): %w", a.claim, a.test, err)}
}

// runChecks checks every assumption on tg, one after the other.
func runChecks(ctx context.Context, tg *target) []result {
	var out []result
	for _, a := range assumptions() {
		out = append(out, verify(ctx, tg, a))
	}
	return out
}

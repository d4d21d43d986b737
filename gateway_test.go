package juspay

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestGatewayTableMatchesPage(t *testing.T) {
	for _, row := range loadGatewayTable(t) {
		t.Run(row.name, func(t *testing.T) {
			g := Gateway(row.name)
			assert.True(t, g.Known())
			got := g.RequiredFields()
			require.NotNil(t, got)
			assert.ElementsMatch(t, row.fields, got)
			if len(got) == 2 {
				assert.Equal(t, []string{"mobile_number", "email_address"}, got, "fixed order: mobile_number first")
			}
		})
	}
}

func TestGatewaysOrderAndCount(t *testing.T) {
	rows := loadGatewayTable(t)
	want := make([]Gateway, 0, len(rows))
	for _, row := range rows {
		want = append(want, Gateway(row.name))
	}
	assert.Equal(t, want, Gateways())
}

func TestGatewayConstants(t *testing.T) {
	constants := []struct {
		c    Gateway
		name string
	}{
		{GatewayRazorpay, "RAZORPAY"},
		{GatewayEasebuzz, "EASEBUZZ"},
		{GatewayPayU, "PAYU"},
		{GatewayBillDesk, "BILLDESK"},
		{GatewayCashfree, "CASHFREE"},
		{GatewayTPSL, "TPSL"},
		{GatewayOlaApp, "OLAAPP"},
		{GatewayPaytm, "PAYTM"},
		{GatewaySimpl, "SIMPL"},
		{GatewayPayPal, "PAYPAL"},
		{GatewayHSBCUPI, "HSBC UPI"},
		{GatewayLazyPay, "LAZYPAY"},
		{GatewayLoanTap, "LOANTAP"},
		{GatewayPayfort, "PAYFORT"},
		{GatewayCyberSource, "CYBERSOURCE"},
		{GatewayFreechargeWallet, "FREECHARGEWALLET"},
		{GatewayMorpheus, "MORPHEUS"},
		{GatewayZaakpay, "ZAAKPAY"},
		{GatewayAuthorizeDotNet, "AUTHORIZEDOTNET"},
		{GatewayBharatX, "BHARATX"},
		{GatewayGoKwik, "GOKWIK"},
		{GatewayGPayIMF, "GPAYIMF"},
		{GatewayHyperPay, "HYPERPAY"},
		{GatewayHyperPG, "HYPERPG"},
		{GatewayIFG, "IFG"},
		{GatewayLyra, "LYRA"},
		{GatewayM2P, "M2P"},
		{GatewayOnePay, "ONEPAY"},
		{GatewayPaymob, "PAYMOB"},
		{GatewayShopSe, "SHOPSE"},
		{GatewayTapPay, "TAPPAY"},
	}
	rows := loadGatewayTable(t)
	require.Len(t, constants, len(rows), "one constant per table row")
	for i, tc := range constants {
		assert.Equal(t, tc.name, string(tc.c))
		assert.Equalf(t, Gateway(rows[i].name), tc.c, "constant %d follows the page's order", i)
		assert.True(t, tc.c.Known())
	}
}

func TestGatewayUnknown(t *testing.T) {
	for _, name := range []string{"razorpay", "", "STRIPE", "HSBC_UPI", "hsbc upi", "HSBCUPI", " RAZORPAY", "RAZORPAY ", "RAZORPAY\x00"} {
		t.Run(name, func(t *testing.T) {
			g := Gateway(name)
			assert.False(t, g.Known())
			assert.Nil(t, g.RequiredFields())
			assert.NotContains(t, Gateways(), g)
			assert.Nil(t, checkGatewayFields([]Gateway{g}, "", ""), "an unknown gateway requires nothing")
		})
	}
}

func TestGatewaySlicesAreFresh(t *testing.T) {
	t.Run("Gateways", func(t *testing.T) {
		first := Gateways()
		want := append([]Gateway(nil), first...)
		for i := range first {
			first[i] = "MUTATED"
		}
		_ = append(first[:0], "APPENDED")
		assert.Equal(t, want, Gateways())
	})
	t.Run("RequiredFields", func(t *testing.T) {
		first := GatewayRazorpay.RequiredFields()
		require.Equal(t, []string{"mobile_number", "email_address"}, first)
		first[0], first[1] = "x", "y"
		_ = append(first[:1], "z")
		assert.Equal(t, []string{"mobile_number", "email_address"}, GatewayRazorpay.RequiredFields())
		assert.Equal(t, []string{"mobile_number"}, GatewayBillDesk.RequiredFields())
		assert.Equal(t, []string{"email_address"}, GatewayPayPal.RequiredFields())

		mobileOnly := GatewayBillDesk.RequiredFields()
		_ = append(mobileOnly, "email_address")
		assert.Equal(t, []string{"mobile_number"}, GatewayBillDesk.RequiredFields(), "appending to one result changes no other")
	})
}

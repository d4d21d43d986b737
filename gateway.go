package juspay

// Gateway names a payment gateway exactly as the table on Juspay's Create
// Customer page prints it ("RAZORPAY", "HSBC UPI", ...); names are matched
// case-sensitively. The table lists, per gateway, which customer fields that
// gateway needs: see
// https://juspay.io/in/docs/ec-headless/cordova/base-sdk-integration/createcustomer
//
// Pass gateways to [WithRequiredFieldsFor] to have the client refuse, before
// sending, a customer that lacks what those gateways need.
type Gateway string

// The gateways listed on the Create Customer page, in the page's order; see
// https://juspay.io/in/docs/ec-headless/cordova/base-sdk-integration/createcustomer
// for the fields each one requires (also returned by [Gateway.RequiredFields]).
const (
	GatewayRazorpay         Gateway = "RAZORPAY"         // GatewayRazorpay requires mobile number and email address.
	GatewayEasebuzz         Gateway = "EASEBUZZ"         // GatewayEasebuzz requires mobile number and email address.
	GatewayPayU             Gateway = "PAYU"             // GatewayPayU requires mobile number and email address.
	GatewayBillDesk         Gateway = "BILLDESK"         // GatewayBillDesk requires mobile number.
	GatewayCashfree         Gateway = "CASHFREE"         // GatewayCashfree requires mobile number and email address.
	GatewayTPSL             Gateway = "TPSL"             // GatewayTPSL requires mobile number and email address.
	GatewayOlaApp           Gateway = "OLAAPP"           // GatewayOlaApp requires mobile number and email address.
	GatewayPaytm            Gateway = "PAYTM"            // GatewayPaytm requires mobile number and email address.
	GatewaySimpl            Gateway = "SIMPL"            // GatewaySimpl requires mobile number and email address.
	GatewayPayPal           Gateway = "PAYPAL"           // GatewayPayPal requires email address.
	GatewayHSBCUPI          Gateway = "HSBC UPI"         // GatewayHSBCUPI requires mobile number.
	GatewayLazyPay          Gateway = "LAZYPAY"          // GatewayLazyPay requires mobile number.
	GatewayLoanTap          Gateway = "LOANTAP"          // GatewayLoanTap requires mobile number.
	GatewayPayfort          Gateway = "PAYFORT"          // GatewayPayfort requires email address.
	GatewayCyberSource      Gateway = "CYBERSOURCE"      // GatewayCyberSource requires email address and mobile number.
	GatewayFreechargeWallet Gateway = "FREECHARGEWALLET" // GatewayFreechargeWallet requires email address.
	GatewayMorpheus         Gateway = "MORPHEUS"         // GatewayMorpheus requires email address and mobile number.
	GatewayZaakpay          Gateway = "ZAAKPAY"          // GatewayZaakpay requires email address and mobile number.
	GatewayAuthorizeDotNet  Gateway = "AUTHORIZEDOTNET"  // GatewayAuthorizeDotNet requires email address.
	GatewayBharatX          Gateway = "BHARATX"          // GatewayBharatX requires mobile number.
	GatewayGoKwik           Gateway = "GOKWIK"           // GatewayGoKwik requires mobile number.
	GatewayGPayIMF          Gateway = "GPAYIMF"          // GatewayGPayIMF requires email address.
	GatewayHyperPay         Gateway = "HYPERPAY"         // GatewayHyperPay requires email address.
	GatewayHyperPG          Gateway = "HYPERPG"          // GatewayHyperPG requires mobile number.
	GatewayIFG              Gateway = "IFG"              // GatewayIFG requires email address.
	GatewayLyra             Gateway = "LYRA"             // GatewayLyra requires email address and mobile number.
	GatewayM2P              Gateway = "M2P"              // GatewayM2P requires email address and mobile number.
	GatewayOnePay           Gateway = "ONEPAY"           // GatewayOnePay requires email address and mobile number.
	GatewayPaymob           Gateway = "PAYMOB"           // GatewayPaymob requires email address and mobile number.
	GatewayShopSe           Gateway = "SHOPSE"           // GatewayShopSe requires mobile number.
	GatewayTapPay           Gateway = "TAPPAY"           // GatewayTapPay requires email address and mobile number.
)

// Gateways returns every gateway listed on the Create Customer page
// (https://juspay.io/in/docs/ec-headless/cordova/base-sdk-integration/createcustomer),
// in the page's order. The slice is freshly allocated on each call; the
// caller may modify it.
func Gateways() []Gateway {
	return []Gateway{
		GatewayRazorpay,
		GatewayEasebuzz,
		GatewayPayU,
		GatewayBillDesk,
		GatewayCashfree,
		GatewayTPSL,
		GatewayOlaApp,
		GatewayPaytm,
		GatewaySimpl,
		GatewayPayPal,
		GatewayHSBCUPI,
		GatewayLazyPay,
		GatewayLoanTap,
		GatewayPayfort,
		GatewayCyberSource,
		GatewayFreechargeWallet,
		GatewayMorpheus,
		GatewayZaakpay,
		GatewayAuthorizeDotNet,
		GatewayBharatX,
		GatewayGoKwik,
		GatewayGPayIMF,
		GatewayHyperPay,
		GatewayHyperPG,
		GatewayIFG,
		GatewayLyra,
		GatewayM2P,
		GatewayOnePay,
		GatewayPaymob,
		GatewayShopSe,
		GatewayTapPay,
	}
}

// gatewayNeeds reports which customer fields g requires per the Create
// Customer page's table, and whether g is listed there at all.
func gatewayNeeds(g Gateway) (mobile, email, known bool) {
	switch g {
	case GatewayRazorpay, GatewayEasebuzz, GatewayPayU, GatewayCashfree,
		GatewayTPSL, GatewayOlaApp, GatewayPaytm, GatewaySimpl,
		GatewayCyberSource, GatewayMorpheus, GatewayZaakpay, GatewayLyra,
		GatewayM2P, GatewayOnePay, GatewayPaymob, GatewayTapPay:
		return true, true, true
	case GatewayBillDesk, GatewayHSBCUPI, GatewayLazyPay, GatewayLoanTap,
		GatewayBharatX, GatewayGoKwik, GatewayHyperPG, GatewayShopSe:
		return true, false, true
	case GatewayPayPal, GatewayPayfort, GatewayFreechargeWallet,
		GatewayAuthorizeDotNet, GatewayGPayIMF, GatewayHyperPay, GatewayIFG:
		return false, true, true
	default:
		return false, false, false
	}
}

// RequiredFields returns the wire names of the customer fields g requires,
// per the table on the Create Customer page
// (https://juspay.io/in/docs/ec-headless/cordova/base-sdk-integration/createcustomer):
// "mobile_number" and/or "email_address", always in that order. The slice is
// freshly allocated on each call. It returns nil for an unknown gateway.
func (g Gateway) RequiredFields() []string {
	mobile, email, known := gatewayNeeds(g)
	if !known {
		return nil
	}
	fields := make([]string, 0, 2)
	if mobile {
		fields = append(fields, "mobile_number")
	}
	if email {
		fields = append(fields, "email_address")
	}
	return fields
}

// Known reports whether g is listed, spelled exactly as printed, in the
// gateway table of the Create Customer page
// (https://juspay.io/in/docs/ec-headless/cordova/base-sdk-integration/createcustomer).
func (g Gateway) Known() bool {
	_, _, known := gatewayNeeds(g)
	return known
}

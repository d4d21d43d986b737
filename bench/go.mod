module github.com/seed276dc779/juspay-go/bench

go 1.23.0

require (
	github.com/go-resty/resty/v2 v2.17.2
	github.com/seed276dc779/juspay-go v0.0.0
	github.com/stripe/stripe-go/v82 v82.5.1
)

require golang.org/x/net v0.43.0 // indirect

replace github.com/seed276dc779/juspay-go => ../

module bucketlab

go 1.26.8

require (
	github.com/andybalholm/brotli v1.2.8 // indirect
	github.com/chromedp/cdproto v0.159.0 // indirect
	github.com/chromedp/chromedp v0.23.0 // indirect
	github.com/evanw/esbuild v0.28.2 // indirect
	github.com/go-json-experiment/json v1.27.2 // indirect
	github.com/hack-pad/safejs v0.1.0 // indirect
	github.com/qingstor/qingstor-sdk-go/v4 v4.4.1 // indirect
)

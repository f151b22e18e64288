package cors

import (
	"math/rand"
	"reflect"
	"testing"

	"bucketlab/core/diag"
	"bucketlab/core/provider"
	"bucketlab/core/syntax/jsonsyn"
)

func decodeConsole(t testing.TB, text string) (*Config, *diag.Locator, diag.List) {
	t.Helper()
	root, diags := jsonsyn.Parse(text)
	if root == nil {
		t.Fatalf("Parse(%q): %v", text, diags)
	}
	return DecodeS3Console(root)
}

func TestDecodeS3Console(t *testing.T) {
	t.Parallel()
	i64 := func(v int64) *int64 { return &v }
	tests := []struct {
		name      string
		in        string
		want      *Config
		wantDiags []at
	}{
		{
			name: "console form",
			in: `[{"AllowedHeaders":["*"],"AllowedMethods":["PUT","POST"],"AllowedOrigins":["https://a.example.com"],` +
				`"ExposeHeaders":[],"MaxAgeSeconds":3000,"ID":"r1"}]`,
			want: &Config{Rules: []Rule{{ID: "r1", AllowedHeaders: []string{"*"}, AllowedMethods: []string{"PUT", "POST"},
				AllowedOrigins: []string{"https://a.example.com"}, MaxAgeSeconds: i64(3000)}}},
			wantDiags: []at{},
		},
		{
			name:      "empty array",
			in:        `[]`,
			want:      &Config{},
			wantDiags: []at{},
		},
		{
			name:      "the CLI's object is reported and read",
			in:        `{"CORSRules":[{"AllowedMethods":["GET"],"AllowedOrigins":["*"]}]}`,
			want:      &Config{Rules: []Rule{{AllowedMethods: []string{"GET"}, AllowedOrigins: []string{"*"}}}},
			wantDiags: []at{{"json-wrong-type", `"CORSRules"`}},
		},
		{
			name:      "another object",
			in:        `{"AllowedOrigins":["*"]}`,
			wantDiags: []at{{"json-wrong-type", `{"AllowedOrigins":["*"]}`}},
		},
		{
			name:      "a string",
			in:        `"GET"`,
			wantDiags: []at{{"json-wrong-type", `"GET"`}},
		},
		{
			name: "shape slips",
			in:   `[{"allowedOrigins":["*"],"AllowedMethods":"GET","AllowedHeader":["a"],"MaxAgeSeconds":"5","ID":7},1]`,
			want: &Config{Rules: []Rule{{AllowedOrigins: []string{"*"}, AllowedMethods: []string{"GET"}}}},
			wantDiags: []at{{"json-key-case", `"allowedOrigins"`}, {"json-wrong-type", `"GET"`}, {"json-unknown-key", `"AllowedHeader"`},
				{"json-wrong-type", `"5"`}, {"json-wrong-type", "7"}, {"json-wrong-type", "1"}},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			cfg, _, diags := decodeConsole(t, tc.in)
			diags.Sort()
			if !reflect.DeepEqual(cfg, tc.want) {
				t.Errorf("model = %+v, want %+v", cfg, tc.want)
			}
			if got := ats(tc.in, diags); !reflect.DeepEqual(got, tc.wantDiags) {
				t.Errorf("diagnostics = %v, want %v", got, tc.wantDiags)
			}
		})
	}
}

// TestS3ConsoleWireIsXML: the console form and the XML of the same rules
// are one model, so they have one wire body.
func TestS3ConsoleWireIsXML(t *testing.T) {
	t.Parallel()
	p := corsOf(t, provider.S3)
	fromJSON, _, d1 := decodeConsole(t, `[{"AllowedOrigins":["*"],"AllowedMethods":["GET"],"MaxAgeSeconds":5}]`)
	fromXML, _, d2 := decodeXMLText(t, `<CORSConfiguration><CORSRule><AllowedMethod>GET</AllowedMethod><AllowedOrigin>*</AllowedOrigin>`+
		`<MaxAgeSeconds>5</MaxAgeSeconds></CORSRule></CORSConfiguration>`, p)
	if len(d1)+len(d2) > 0 || !reflect.DeepEqual(fromJSON, fromXML) {
		t.Fatalf("json %+v %v\nxml %+v %v", fromJSON, d1, fromXML, d2)
	}
}

// TestRoundTripS3Console: decode(encode(m)) == m for random models,
// including strings JSON must escape.
func TestRoundTripS3Console(t *testing.T) {
	t.Parallel()
	words := append([]string{" lead", "trail ", "\x01", `back\slash`, "\u2028"}, xmlWords...)
	rng := rand.New(rand.NewSource(2))
	methods := corsOf(t, provider.S3).Methods
	for i := 0; i < 500; i++ {
		cfg := randomConfig(rng, methods, words, false)
		text, err := EncodeS3Console(cfg)
		if err != nil {
			t.Fatal(err)
		}
		got, _, diags := decodeConsole(t, string(text))
		if len(diags) > 0 {
			t.Fatalf("decoding %s: %v", text, diags)
		}
		if !reflect.DeepEqual(*got, cfg) {
			t.Fatalf("round trip of %s:\n got %+v\nwant %+v", text, *got, cfg)
		}
	}
}

func TestEncodeS3Console(t *testing.T) {
	t.Parallel()
	age := int64(3000)
	got, err := EncodeS3Console(Config{Rules: []Rule{{ID: "r", AllowedOrigins: []string{"https://例.example/<&>"},
		AllowedMethods: []string{"GET"}, MaxAgeSeconds: &age}, {}}})
	want := `[
    {
        "AllowedMethods": [
            "GET"
        ],
        "AllowedOrigins": [
            "https://例.example/<&>"
        ],
        "MaxAgeSeconds": 3000,
        "ID": "r"
    },
    {
        "AllowedMethods": [],
        "AllowedOrigins": []
    }
]`
	if err != nil || string(got) != want {
		t.Errorf("got %s, %v\nwant %s", got, err, want)
	}
}

// FuzzDecodeS3Console: any JSON decodes without panic, every location lies
// inside the input, and what decodes survives the console form and the wire.
func FuzzDecodeS3Console(f *testing.F) {
	f.Add(`[{"AllowedOrigins":["*"],"AllowedMethods":["GET"],"MaxAgeSeconds":5,"ID":"x"}]`)
	f.Add(`{"CORSRules":[{"allowedOrigins":"a","AllowedMethods":[1],"MaxAgeSeconds":"5"}]}`)
	f.Add(`[null, [], {"ExposeHeaders": ["\u2028", "\ud83d\ude00"]}]`)
	p := corsOf(f, provider.S3)
	f.Fuzz(func(t *testing.T, in string) {
		root, _ := jsonsyn.Parse(in)
		if root == nil {
			return
		}
		cfg, loc, diags := DecodeS3Console(root)
		for _, d := range diags {
			if d.Span.Start < 0 || d.Span.End > len(in) || d.Span.Start > d.Span.End {
				t.Fatalf("diagnostic span %v outside %d bytes", d.Span, len(in))
			}
		}
		if cfg == nil {
			return
		}
		more := Validate(*cfg, p)
		loc.Resolve(more)
		for _, d := range more {
			if d.Span.Start < 0 || d.Span.End > len(in) || d.Span.Start > d.Span.End {
				t.Fatalf("validator span %v outside %d bytes", d.Span, len(in))
			}
		}
		text, err := EncodeS3Console(*cfg)
		if err != nil {
			t.Fatal(err)
		}
		again, _, _ := decodeConsole(t, string(text))
		if !reflect.DeepEqual(again, cfg) {
			t.Fatalf("re-encoding changed the model:\n%s\n got %+v\nwant %+v", text, *again, *cfg)
		}
		if _, err := EncodeXML(*cfg, p); err != nil {
			t.Fatal(err)
		}
	})
}

"""React modules parsed and split into one file per component (hand-written replies)."""

from __future__ import annotations

from converters.export import react_project_files
from converters.export.react_split import split_components
from converters.extract.jsx_modules import parse_module

MODEL_REPLY = """import { useState } from "react";

// Plans shown on the page.
const plans = [
  { name: "Starter", price: "$9" },
  { name: "Team", price: "$29" },
];
const brand = "Acme";

function PlanCard({ name, price }) {
  return <article className="p-4"><h3>{name}</h3><p>{price}</p></article>;
}

const Header = () => <header className="p-4">{brand}</header>;

function Footer() {
  return <footer>{brand}</footer>;
}

export default function App() {
  const [open, setOpen] = useState(false);
  return (
    <div>
      <Header />
      {plans.map((plan) => <PlanCard key={plan.name} {...plan} />)}
      <button onClick={() => setOpen(!open)}>Menu</button>
      <Footer />
    </div>
  );
}
"""


def test_the_parser_finds_components_values_props_and_the_default_export() -> None:
    module = parse_module(MODEL_REPLY)
    assert module is not None
    kinds = [(d.kind, d.names) for d in module.declarations]
    assert kinds == [
        ("import", ("useState",)),
        ("value", ("plans",)),
        ("value", ("brand",)),
        ("component", ("PlanCard",)),
        ("component", ("Header",)),
        ("component", ("Footer",)),
        ("component", ("App",)),
    ]
    card = module.components[0]
    assert card.props == ("name", "price") and card.keyword == "function"
    assert module.declarations[1].text.startswith("// Plans shown on the page.\nconst plans")
    app = module.components[-1]
    assert {"Header", "PlanCard", "Footer", "plans", "useState"} <= app.references
    assert module.default_component == "App"


def test_a_reply_with_several_components_is_split_by_what_each_uses() -> None:
    split = split_components(MODEL_REPLY, typescript=False)
    assert split.components == ("PlanCard", "Header", "Footer")
    files = split.files
    assert set(files) == {
        "src/App.jsx",
        "src/data.js",
        "src/components/PlanCard.jsx",
        "src/components/Header.jsx",
        "src/components/Footer.jsx",
    }
    app = files["src/App.jsx"]
    assert app.startswith('import { useState } from "react";\nimport Footer from "./components/Footer.jsx";')
    assert "const plans = [" in app  # used by App only: it stays with App
    assert "export default function App() {" in app
    assert "useState" not in files["src/components/Footer.jsx"]  # imports only what a file uses
    assert files["src/data.js"] == 'export const brand = "Acme";\n'  # shared by Header and Footer
    header = files["src/components/Header.jsx"]
    assert header.startswith('import { brand } from "../data.js";\n\nconst Header = () =>')
    assert header.endswith("export default Header;\n")
    assert files["src/components/PlanCard.jsx"].startswith(
        "export default function PlanCard({ name, price })"
    )
    assert "own file" in split.note and "`src/data.js`" in split.note


def test_a_reply_with_one_component_stays_one_file_and_the_note_says_so() -> None:
    code = "export default function App() {\n  return <p>Hi</p>;\n}\n"
    split = split_components(code, typescript=False)
    assert split.files == {"src/App.jsx": code}
    assert "single component, `App`" in split.note
    readme = react_project_files(code, "home")["README.md"]
    assert "single component, `App`, so it stays in one file" in readme


def test_code_that_does_not_parse_stays_one_file_with_a_note() -> None:
    code = "function Card() { return <div>; }\nexport default function App() { return <Card />; }\n"
    split = split_components(code, typescript=False)
    assert list(split.files) == ["src/App.jsx"] and "could not be parsed" in split.note


def test_top_level_statements_and_cycles_keep_one_file() -> None:
    statements = (
        "function A() { return <B />; }\nfunction B() { return <p />; }\nwindow.x = 1;\nexport default A;\n"
    )
    assert "statements at its top level" in split_components(statements, typescript=False).note
    cycle = "function A({ n }) { return n ? <B n={n - 1} /> : null; }\n"
    cycle += "function B({ n }) { return <A n={n} />; }\n"
    cycle += "export default function App() { return <A n={2} />; }\n"
    split = split_components(cycle, typescript=False)
    assert list(split.files) == ["src/App.jsx"] and "cycle" in split.note


def test_typescript_components_are_split_into_tsx_files_with_their_types() -> None:
    code = (
        "interface CardProps { title: string }\n"
        "function Card({ title }: CardProps) { return <h2>{title}</h2>; }\n"
        'const App: React.FC = () => <main><Card title="x" /></main>;\n'
        "export default App;\n"
    )
    split = split_components(code, typescript=True)
    card = split.files["src/components/Card.tsx"]
    assert card.startswith("interface CardProps { title: string }\n\nexport default function Card(")
    assert split.files["src/App.tsx"].endswith(
        'const App: React.FC = () => <main><Card title="x" /></main>;\n\nexport default App;\n'
    )

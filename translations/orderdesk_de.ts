<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de">
<context>
    <name>OrderDesk::BlotterFilterBar</name>
    <message>
        <source>All statuses</source>
        <translation>Alle Status</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Offen</translation>
    </message>
    <message>
        <source>In flight</source>
        <translation>In Ausführung</translation>
    </message>
    <message>
        <source>Retrying</source>
        <translation>Wird wiederholt</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>Wartend</translation>
    </message>
    <message>
        <source>Confirmed</source>
        <translation>Bestätigt</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <source>Cancelled or expired</source>
        <translation>Storniert oder abgelaufen</translation>
    </message>
    <message>
        <source>Search id, client id or signature (Ctrl+F)</source>
        <translation>ID, Client-ID oder Signatur suchen (Strg+F)</translation>
    </message>
    <message>
        <source>&amp;Status</source>
        <translation>&amp;Status</translation>
    </message>
    <message>
        <source>&amp;Pair</source>
        <translation>&amp;Paar</translation>
    </message>
    <message>
        <source>All pairs</source>
        <translation>Alle Paare</translation>
    </message>
    <message numerus="yes">
        <source>%n order(s)</source>
        <translation>
            <numerusform>%n Order</numerusform>
            <numerusform>%n Orders</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 of %n order(s)</source>
        <translation>
            <numerusform>%1 von %n Order</numerusform>
            <numerusform>%1 von %n Orders</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>OrderDesk::BlotterModel</name>
    <message>
        <source>Executed price against the quoted price, in basis points (positive: worse)</source>
        <translation>Ausführungspreis gegenüber dem Angebotspreis in Basispunkten (positiv: schlechter)</translation>
    </message>
    <message>
        <source>Id</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>Pair</source>
        <translation>Paar</translation>
    </message>
    <message>
        <source>Side</source>
        <translation>Seite</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Typ</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Menge</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Venue</source>
        <translation>Börse</translation>
    </message>
    <message>
        <source>Exec. price</source>
        <translation>Ausf.-Preis</translation>
    </message>
    <message>
        <source>Slip. bps</source>
        <translation>Slip. bp</translation>
    </message>
    <message>
        <source>Att.</source>
        <translation>Vers.</translation>
    </message>
    <message>
        <source>Signature</source>
        <translation>Signatur</translation>
    </message>
</context>
<context>
    <name>OrderDesk::ConsoleStatusBar</name>
    <message>
        <source>Orders waiting to be taken / retries waiting for their time / being worked on</source>
        <translation>Orders, die auf Abholung warten / Wiederholungen, die auf ihren Zeitpunkt warten / in Bearbeitung</translation>
    </message>
    <message>
        <source>API off</source>
        <translation>API aus</translation>
    </message>
    <message>
        <source>No API server in this process</source>
        <translation>Kein API-Server in diesem Prozess</translation>
    </message>
    <message>
        <source>API %1</source>
        <translation>API %1</translation>
    </message>
    <message>
        <source>HTTP and WebSocket API listening on %1</source>
        <translation>HTTP- und WebSocket-API lauscht auf %1</translation>
    </message>
    <message>
        <source>API server not listening</source>
        <translation>API-Server lauscht nicht</translation>
    </message>
    <message>
        <source>WS clients: %1</source>
        <translation>WS-Clients: %1</translation>
    </message>
    <message>
        <source>WebSocket clients connected to the API server</source>
        <translation>Mit dem API-Server verbundene WebSocket-Clients</translation>
    </message>
    <message>
        <source>Queue %1 · delayed %2 · active %3</source>
        <translation>Warteschlange %1 · verzögert %2 · aktiv %3</translation>
    </message>
    <message>
        <source>Rate %1/%2 per %3 s</source>
        <translation>Rate %1/%2 pro %3 s</translation>
    </message>
    <message>
        <source>Rate: no limit</source>
        <translation>Rate: unbegrenzt</translation>
    </message>
    <message>
        <source>Workers %1/%2</source>
        <translation>Worker %1/%2</translation>
    </message>
    <message numerus="yes">
        <source>%n limit or sniper order(s) armed</source>
        <translation>
            <numerusform>%n Limit- oder Sniper-Order scharf</numerusform>
            <numerusform>%n Limit- oder Sniper-Orders scharf</numerusform>
        </translation>
    </message>
    <message>
        <source>Redis</source>
        <translation>Redis</translation>
    </message>
    <message>
        <source>In-process queue</source>
        <translation>Prozessinterne Warteschlange</translation>
    </message>
    <message>
        <source>Queue: %1 (%2)</source>
        <translation>Warteschlange: %1 (%2)</translation>
    </message>
    <message>
        <source>up</source>
        <translation>erreichbar</translation>
    </message>
    <message>
        <source>down</source>
        <translation>ausgefallen</translation>
    </message>
    <message>
        <source>PostgreSQL</source>
        <translation>PostgreSQL</translation>
    </message>
    <message>
        <source>SQLite</source>
        <translation>SQLite</translation>
    </message>
    <message>
        <source>Database: %1 (%2)</source>
        <translation>Datenbank: %1 (%2)</translation>
    </message>
    <message>
        <source>Market</source>
        <translation>Markt</translation>
    </message>
    <message>
        <source>In-process market</source>
        <translation>Interner Markt</translation>
    </message>
    <message>
        <source>Market: %1 (%2)</source>
        <translation>Markt: %1 (%2)</translation>
    </message>
    <message>
        <source>Retrying %1</source>
        <translation>Wiederholung %1</translation>
    </message>
    <message>
        <source>Orders waiting for their next attempt</source>
        <translation>Orders, die auf ihren nächsten Versuch warten</translation>
    </message>
    <message>
        <source>Orders halted</source>
        <translation>Orders gestoppt</translation>
    </message>
    <message>
        <source>Orders enabled</source>
        <translation>Orders freigegeben</translation>
    </message>
    <message>
        <source>Kill switch on: this console sends no orders</source>
        <translation>Not-Aus an: Diese Konsole sendet keine Orders</translation>
    </message>
    <message>
        <source>This console may send orders (kill switch off)</source>
        <translation>Diese Konsole darf Orders senden (Not-Aus aus)</translation>
    </message>
</context>
<context>
    <name>OrderDesk::ImpactCurveChart</name>
    <message>
        <source>Price impact by size</source>
        <translation>Preiseinfluss nach Größe</translation>
    </message>
</context>
<context>
    <name>OrderDesk::LogDock</name>
    <message>
        <source>Log</source>
        <translation>Protokoll</translation>
    </message>
    <message numerus="yes">
        <source>… %n line(s) skipped</source>
        <translation>
            <numerusform>… %n Zeile ausgelassen</numerusform>
            <numerusform>… %n Zeilen ausgelassen</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>OrderDesk::MainWindow</name>
    <message>
        <source>Running on the embedded defaults: an in-process queue, a local SQLite file and an in-process market. Orders are not shared with other nodes; start with --redis, --database and --market for a cluster.</source>
        <translation>Läuft mit den eingebauten Vorgaben: prozessinterne Warteschlange, lokale SQLite-Datei und prozessinterner Markt. Orders werden nicht mit anderen Knoten geteilt; für einen Cluster mit --redis, --database und --market starten.</translation>
    </message>
    <message>
        <source>Order ticket</source>
        <translation>Orderticket</translation>
    </message>
    <message>
        <source>Market simulation</source>
        <translation>Marktsimulation</translation>
    </message>
    <message>
        <source>&amp;New order</source>
        <translation>&amp;Neue Order</translation>
    </message>
    <message>
        <source>Go to the order ticket (Ctrl+N)</source>
        <translation>Zum Orderticket (Strg+N)</translation>
    </message>
    <message>
        <source>&amp;Cancel order</source>
        <translation>Order &amp;stornieren</translation>
    </message>
    <message>
        <source>Cancel the selected pending or waiting orders (Del, Ctrl+D)</source>
        <translation>Ausgewählte ausstehende oder wartende Orders stornieren (Entf, Strg+D)</translation>
    </message>
    <message>
        <source>Copy order &amp;id</source>
        <translation>Order-&amp;ID kopieren</translation>
    </message>
    <message>
        <source>Copy &amp;signature</source>
        <translation>&amp;Signatur kopieren</translation>
    </message>
    <message>
        <source>&amp;Export CSV…</source>
        <translation>CSV &amp;exportieren …</translation>
    </message>
    <message>
        <source>Export the rows shown, as shown, to a CSV file (Ctrl+E)</source>
        <translation>Die angezeigten Zeilen wie angezeigt in eine CSV-Datei exportieren (Strg+E)</translation>
    </message>
    <message>
        <source>&amp;Find</source>
        <translation>&amp;Suchen</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;Orders</source>
        <translation>&amp;Orders</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>&amp;Theme</source>
        <translation>&amp;Farbschema</translation>
    </message>
    <message>
        <source>Follow the &amp;system</source>
        <translation>Wie das &amp;System</translation>
    </message>
    <message>
        <source>&amp;Light</source>
        <translation>&amp;Hell</translation>
    </message>
    <message>
        <source>&amp;Dark</source>
        <translation>&amp;Dunkel</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>&amp;About OrderDesk</source>
        <translation>&amp;Über OrderDesk</translation>
    </message>
    <message>
        <source>Orders</source>
        <translation>Orders</translation>
    </message>
    <message>
        <source>Select the orders to cancel in the blotter.</source>
        <translation>Die zu stornierenden Orders im Blotter auswählen.</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message numerus="yes">
        <source>%n order(s) cancelled</source>
        <translation>
            <numerusform>%n Order storniert</numerusform>
            <numerusform>%n Orders storniert</numerusform>
        </translation>
    </message>
    <message>
        <source>Cannot cancel %1</source>
        <translation>Stornieren nicht möglich: %1</translation>
    </message>
    <message>
        <source>Export orders</source>
        <translation>Orders exportieren</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV-Dateien (*.csv)</translation>
    </message>
    <message numerus="yes">
        <source>%n order(s) exported to %1</source>
        <translation>
            <numerusform>%n Order nach %1 exportiert</numerusform>
            <numerusform>%n Orders nach %1 exportiert</numerusform>
        </translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>Export fehlgeschlagen</translation>
    </message>
    <message>
        <source>Could not write %1: %2</source>
        <translation>%1 konnte nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <source>No signature yet: the order was not submitted.</source>
        <translation>Noch keine Signatur: Die Order wurde nicht übermittelt.</translation>
    </message>
    <message>
        <source>Nothing selected.</source>
        <translation>Nichts ausgewählt.</translation>
    </message>
    <message numerus="yes">
        <source>Copied %n value(s)</source>
        <translation>
            <numerusform>%n Wert kopiert</numerusform>
            <numerusform>%n Werte kopiert</numerusform>
        </translation>
    </message>
    <message>
        <source>OrderDesk</source>
        <translation>OrderDesk</translation>
    </message>
    <message>
        <source>OrderDesk — %1</source>
        <translation>OrderDesk — %1</translation>
    </message>
    <message>
        <source>About OrderDesk</source>
        <translation>Über OrderDesk</translation>
    </message>
    <message>
        <source>&lt;h3&gt;OrderDesk %1&lt;/h3&gt;&lt;p&gt;A trading console with an embedded execution engine for Solana DEX swaps, routed between Raydium and Meteora (simulated).&lt;/p&gt;&lt;p&gt;API: %2&lt;/p&gt;</source>
        <translation>&lt;h3&gt;OrderDesk %1&lt;/h3&gt;&lt;p&gt;Eine Handelskonsole mit eingebauter Ausführungs-Engine für Solana-DEX-Swaps, geroutet zwischen Raydium und Meteora (simuliert).&lt;/p&gt;&lt;p&gt;API: %2&lt;/p&gt;</translation>
    </message>
    <message>
        <source>not listening</source>
        <translation>lauscht nicht</translation>
    </message>
    <message>
        <source>Order %1 retrying: %2</source>
        <translation>Order %1 wird wiederholt: %2</translation>
    </message>

    <message>
        <source>All statuses</source>
        <translation>Alle Status</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Offen</translation>
    </message>
    <message>
        <source>In flight</source>
        <translation>In Ausführung</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>Wartend</translation>
    </message>
    <message>
        <source>Confirmed</source>
        <translation>Bestätigt</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <source>Cancelled or expired</source>
        <translation>Storniert oder abgelaufen</translation>
    </message>
    <message>
        <source>Search id, client id or signature (Ctrl+F)</source>
        <translation>ID, Client-ID oder Signatur suchen (Strg+F)</translation>
    </message>
    <message>
        <source>&amp;Status</source>
        <translation>&amp;Status</translation>
    </message>
    <message>
        <source>&amp;Pair</source>
        <translation>&amp;Paar</translation>
    </message>
    <message>
        <source>All pairs</source>
        <translation>Alle Paare</translation>
    </message>
    <message numerus="yes">
        <source>%n order(s)</source>
        <translation>
            <numerusform>%n Order</numerusform>
            <numerusform>%n Orders</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 of %n order(s)</source>
        <translation>
            <numerusform>%1 von %n Order</numerusform>
            <numerusform>%1 von %n Orders</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>OrderDesk::MarketDocks</name>
    <message>
        <source>Market watch</source>
        <translation>Marktübersicht</translation>
    </message>
    <message>
        <source>Price chart</source>
        <translation>Kurschart</translation>
    </message>
</context>
<context>
    <name>OrderDesk::MarketWatchModel</name>
    <message>
        <source>%1 per %2 for a trade worth %3</source>
        <translation>%1 pro %2 für einen Handel im Wert von %3</translation>
    </message>
    <message>
        <source>This venue&apos;s mid against the other venue&apos;s, in basis points</source>
        <translation>Mittelkurs dieser Börse gegenüber dem der anderen, in Basispunkten</translation>
    </message>
    <message>
        <source>What the pool holds of both tokens, valued in USDC</source>
        <translation>Bestand des Pools an beiden Token, bewertet in USDC</translation>
    </message>
    <message>
        <source>Pair</source>
        <translation>Paar</translation>
    </message>
    <message>
        <source>Venue</source>
        <translation>Börse</translation>
    </message>
    <message>
        <source>Bid</source>
        <translation>Geld</translation>
    </message>
    <message>
        <source>Ask</source>
        <translation>Brief</translation>
    </message>
    <message>
        <source>Mid</source>
        <translation>Mitte</translation>
    </message>
    <message>
        <source>Spread bps</source>
        <translation>Spanne bp</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>Änderung</translation>
    </message>
    <message>
        <source>Liquidity USDC</source>
        <translation>Liquidität USDC</translation>
    </message>
</context>
<context>
    <name>OrderDesk::MarketWatchPanel</name>
    <message>
        <source>Filter pairs, e.g. SOL</source>
        <translation>Paare filtern, z. B. SOL</translation>
    </message>
</context>
<context>
    <name>OrderDesk::OrderConfirmationDialog</name>
    <message>
        <source>Confirm order</source>
        <translation>Order bestätigen</translation>
    </message>
    <message>
        <source>%1 %2 %3 %4</source>
        <translation>%1 %2 %3 %4</translation>
    </message>
    <message>
        <source>buy</source>
        <translation>Kauf</translation>
    </message>
    <message>
        <source>sell</source>
        <translation>Verkauf</translation>
    </message>
    <message>
        <source>Buy %1</source>
        <translation>%1 kaufen</translation>
    </message>
    <message>
        <source>Sell %1</source>
        <translation>%1 verkaufen</translation>
    </message>
</context>
<context>
    <name>OrderDesk::OrderDetailPane</name>
    <message>
        <source>Select an order in the blotter to see its route and timeline.</source>
        <translation>Eine Order im Blotter auswählen, um Route und Verlauf zu sehen.</translation>
    </message>
    <message>
        <source>Signature:</source>
        <translation>Signatur:</translation>
    </message>
    <message>
        <source>not submitted yet</source>
        <translation>noch nicht übermittelt</translation>
    </message>
    <message>
        <source>Copy the transaction signature</source>
        <translation>Transaktionssignatur kopieren</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Kopieren</translation>
    </message>
    <message>
        <source>Route decision</source>
        <translation>Routing-Entscheidung</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>Preis</translation>
    </message>
    <message>
        <source>Amount out</source>
        <translation>Erhaltene Menge</translation>
    </message>
    <message>
        <source>Fee</source>
        <translation>Gebühr</translation>
    </message>
    <message>
        <source>Price impact</source>
        <translation>Preiseinfluss</translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation>Verlauf</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Attempt</source>
        <translation>Versuch</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Details</translation>
    </message>
    <message>
        <source>Status: %1 · attempt %2</source>
        <translation>Status: %1 · Versuch %2</translation>
    </message>
    <message>
        <source>Last error: %1</source>
        <translation>Letzter Fehler: %1</translation>
    </message>
    <message>
        <source>✓ %1 (chosen)</source>
        <translation>✓ %1 (gewählt)</translation>
    </message>
    <message>
        <source>Not routed yet: the order waits for its trigger.</source>
        <translation>Noch nicht geroutet: Die Order wartet auf ihren Auslöser.</translation>
    </message>
    <message>
        <source>Not routed yet.</source>
        <translation>Noch nicht geroutet.</translation>
    </message>
    <message>
        <source>no quote</source>
        <translation>kein Angebot</translation>
    </message>
    <message>
        <source>unavailable</source>
        <translation>nicht verfügbar</translation>
    </message>
    <message>
        <source>Why: %1</source>
        <translation>Begründung: %1</translation>
    </message>
    <message>
        <source>attempt failed</source>
        <translation>Versuch fehlgeschlagen</translation>
    </message>
    <message>
        <source>Signature copied</source>
        <translation>Signatur kopiert</translation>
    </message>
    <message>
        <source>slippage tolerance %1 bps</source>
        <translation>Slippage-Toleranz %1 bp</translation>
    </message>
    <message>
        <source>Created %1</source>
        <translation>Erstellt %1</translation>
    </message>
    <message>
        <source>expires %1</source>
        <translation>läuft ab %1</translation>
    </message>
    <message>
        <source>client id %1</source>
        <translation>Client-ID %1</translation>
    </message>
    <message>
        <source>%1 bps against the quote</source>
        <translation>%1 bp gegenüber dem Angebot</translation>
    </message>
    <message>
        <source>%1  %2 %3 %4  %5 (%6 → %7)</source>
        <translation>%1  %2 %3 %4  %5 (%6 → %7)</translation>
    </message>
    <message>
        <source>exact out</source>
        <translation>exakter Ausgang</translation>
    </message>
    <message>
        <source>exact in</source>
        <translation>exakter Eingang</translation>
    </message>
    <message>
        <source>limit %1 %2</source>
        <translation>Limit %1 %2</translation>
    </message>
    <message>
        <source>Executed on %1 at %2 %3, received %4 %5</source>
        <translation>Ausgeführt auf %1 zu %2 %3, erhalten %4 %5</translation>
    </message>
    <message>
        <source>%1 %2 %3 → %4 %5 (fee %6, impact %7)</source>
        <translation>%1 %2 %3 → %4 %5 (Gebühr %6, Einfluss %7)</translation>
    </message>
    <message>
        <source>Route (%1 %2): %3</source>
        <translation>Route (%1 %2): %3</translation>
    </message>

    <message>
        <source>%1  %2  %3 → %4</source>
        <translation>%1  %2  %3 → %4</translation>
    </message>
    <message>
        <source>Executed on %1 at %2, received %3 %4</source>
        <translation>Ausgeführt auf %1 zu %2, erhalten %3 %4</translation>
    </message>
    <message>
        <source>side: %1</source>
        <translation>Seite: %1</translation>
    </message>
    <message>
        <source>limit %1 %2 per %3</source>
        <translation>Limit %1 %2 pro %3</translation>
    </message>
</context>
<context>
    <name>OrderDesk::OrderPresentation</name>
    <message>
        <source>retry after: %1</source>
        <translation>Wiederholung nach: %1</translation>
    </message>
    <message>
        <source>triggered: %1</source>
        <translation>ausgelöst: %1</translation>
    </message>
    <message>
        <source>fetching quotes from both venues</source>
        <translation>Angebote beider Börsen werden abgefragt</translation>
    </message>
    <message>
        <source>route: %1</source>
        <translation>Route: %1</translation>
    </message>
    <message>
        <source>signature %1</source>
        <translation>Signatur %1</translation>
    </message>
    <message>
        <source>received %1 %2</source>
        <translation>erhalten %1 %2</translation>
    </message>
    <message>
        <source>accepted and stored</source>
        <translation>angenommen und gespeichert</translation>
    </message>
    <message>
        <source>waiting for the limit price</source>
        <translation>wartet auf den Limitpreis</translation>
    </message>
    <message>
        <source>waiting for %1 to launch</source>
        <translation>wartet auf den Start von %1</translation>
    </message>
    <message>
        <source>cancelled by the operator</source>
        <translation>vom Bediener storniert</translation>
    </message>
    <message>
        <source>expired before it triggered</source>
        <translation>vor dem Auslösen abgelaufen</translation>
    </message>
    <message>
        <source>pending</source>
        <translation>ausstehend</translation>
    </message>
    <message>
        <source>waiting</source>
        <translation>wartend</translation>
    </message>
    <message>
        <source>routing</source>
        <translation>Routing</translation>
    </message>
    <message>
        <source>building</source>
        <translation>Aufbau</translation>
    </message>
    <message>
        <source>submitted</source>
        <translation>übermittelt</translation>
    </message>
    <message>
        <source>confirmed</source>
        <translation>bestätigt</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>fehlgeschlagen</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>storniert</translation>
    </message>
    <message>
        <source>expired</source>
        <translation>abgelaufen</translation>
    </message>
    <message>
        <source>market</source>
        <translation>Bestens</translation>
    </message>
    <message>
        <source>limit</source>
        <translation>Limit</translation>
    </message>
    <message>
        <source>sniper</source>
        <translation>Sniper</translation>
    </message>
    <message>
        <source>buy</source>
        <translation>Kauf</translation>
    </message>
    <message>
        <source>sell</source>
        <translation>Verkauf</translation>
    </message>
    <message>
        <source>retrying</source>
        <translation>neuer Versuch</translation>
    </message>
    <message>
        <source>%1 per %2</source>
        <translation>%1 pro %2</translation>
    </message>
    <message>
        <source>unknown error</source>
        <translation>unbekannter Fehler</translation>
    </message>
    <message>
        <source>attempt %1 failed (%2)</source>
        <translation>Versuch %1 fehlgeschlagen (%2)</translation>
    </message>
    <message>
        <source>attempt %1 failed (%2); attempt %3 at %4, %5 back-off</source>
        <translation>Versuch %1 fehlgeschlagen (%2); Versuch %3 um %4, %5 Wartezeit</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>next attempt at %1 after a %2 back-off; %3: %4</source>
        <translation>nächster Versuch um %1 nach %2 Wartezeit; %3: %4</translation>
    </message>

    <message>
        <source>%1: %2; next attempt at %3</source>
        <translation>%1: %2; nächster Versuch um %3</translation>
    </message>
</context>
<context>
    <name>OrderDesk::OrderTicket</name>
    <message>
        <source>Market</source>
        <translation>Bestens (Market)</translation>
    </message>
    <message>
        <source>Limit</source>
        <translation>Limit</translation>
    </message>
    <message>
        <source>Sniper</source>
        <translation>Sniper</translation>
    </message>
    <message>
        <source>Market executes now; limit waits for a price; sniper waits for a token&apos;s launch</source>
        <translation>Market wird sofort ausgeführt, Limit wartet auf einen Preis, Sniper auf den Start eines Tokens</translation>
    </message>
    <message>
        <source>Sell</source>
        <translation>Verkauf</translation>
    </message>
    <message>
        <source>Buy</source>
        <translation>Kauf</translation>
    </message>
    <message>
        <source>e.g. 1.5</source>
        <translation>z. B. 1.5</translation>
    </message>
    <message>
        <source> bps</source>
        <translation> bp</translation>
    </message>
    <message>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <source>never</source>
        <translation>nie</translation>
    </message>
    <message>
        <source>optional, makes a resubmission safe</source>
        <translation>optional, macht erneutes Senden sicher</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Typ</translation>
    </message>
    <message>
        <source>Side</source>
        <translation>Seite</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Menge</translation>
    </message>
    <message>
        <source>Slippage</source>
        <translation>Slippage</translation>
    </message>
    <message>
        <source>Limit price</source>
        <translation>Limitpreis</translation>
    </message>
    <message>
        <source>Expires in</source>
        <translation>Läuft ab in</translation>
    </message>
    <message>
        <source>Client id</source>
        <translation>Client-ID</translation>
    </message>
    <message>
        <source>Submit through the engine, as the HTTP API does (Enter)</source>
        <translation>Über die Engine übermitteln, wie die HTTP-API (Eingabe)</translation>
    </message>
    <message>
        <source>Live quote</source>
        <translation>Live-Angebot</translation>
    </message>
    <message>
        <source>Order refused: %1</source>
        <translation>Order abgelehnt: %1</translation>
    </message>
    <message>
        <source>Client id already used: showing order %1</source>
        <translation>Client-ID bereits verwendet: Order %1 wird angezeigt</translation>
    </message>
    <message>
        <source>Quoting…</source>
        <translation>Angebot wird abgefragt …</translation>
    </message>
    <message>
        <source>No quote: %1</source>
        <translation>Kein Angebot: %1</translation>
    </message>
    <message>
        <source>Orders halted: the kill switch is on (Orders ▸ Halt orders).</source>
        <translation>Orders gestoppt: Der Not-Aus ist an (Orders ▸ Orders stoppen).</translation>
    </message>
    <message>
        <source>Buy the base token: a market buy receives exactly the amount</source>
        <translation>Basistoken kaufen: Ein Marktkauf erhält genau die Menge</translation>
    </message>
    <message>
        <source>Sell the base token: spends exactly the amount</source>
        <translation>Basistoken verkaufen: gibt genau die Menge aus</translation>
    </message>
    <message>
        <source>How far past the quote the execution may land (100 bps = 1 %)</source>
        <translation>Wie weit die Ausführung vom Angebot abweichen darf (100 bp = 1 %)</translation>
    </message>
    <message>
        <source>Token</source>
        <translation>Token</translation>
    </message>
    <message>
        <source>Priced in</source>
        <translation>Preis in</translation>
    </message>
    <message>
        <source>Enter an amount to see the route and both venues&apos; quotes.</source>
        <translation>Menge eingeben, um Route und Angebote beider Börsen zu sehen.</translation>
    </message>
    <message>
        <source>%1 to spend on %2</source>
        <translation>%1, die für %2 ausgegeben werden</translation>
    </message>
    <message>
        <source>%1 to receive, exactly</source>
        <translation>%1, die genau erhalten werden</translation>
    </message>
    <message>
        <source>%1 to sell, exactly</source>
        <translation>%1, die genau verkauft werden</translation>
    </message>
    <message>
        <source>%1 per %2</source>
        <translation>%1 pro %2</translation>
    </message>
    <message>
        <source>Buy %1</source>
        <translation>%1 kaufen</translation>
    </message>
    <message>
        <source>Sell %1</source>
        <translation>%1 verkaufen</translation>
    </message>
    <message>
        <source>≈ %1</source>
        <translation>≈ %1</translation>
    </message>
    <message>
        <source>Order not sent.</source>
        <translation>Order nicht gesendet.</translation>
    </message>
    <message>
        <source>Order %1 accepted: %2 %3 %4, %5</source>
        <translation>Order %1 angenommen: %2 %3 %4, %5</translation>
    </message>
    <message>
        <source>(not recorded)</source>
        <translation>(nicht erfasst)</translation>
    </message>
    <message>
        <source>How far below the quote the execution may land (100 bps = 1 %)</source>
        <translation>Wie weit die Ausführung unter dem Angebot liegen darf (100 bp = 1 %)</translation>
    </message>
    <message>
        <source>receive-token per pay-token</source>
        <translation>Empfangs-Token pro Zahl-Token</translation>
    </message>
    <message>
        <source>Pay</source>
        <translation>Zahlen</translation>
    </message>
    <message>
        <source>Receive</source>
        <translation>Erhalten</translation>
    </message>
    <message>
        <source>Place order</source>
        <translation>Order platzieren</translation>
    </message>
    <message>
        <source>Enter an amount to see both venues&apos; quotes.</source>
        <translation>Eine Menge eingeben, um die Angebote beider Börsen zu sehen.</translation>
    </message>
    <message>
        <source>Order %1 accepted: %2 %3 → %4</source>
        <translation>Order %1 angenommen: %2 %3 → %4</translation>
    </message>
    <message>
        <source>unavailable: %1</source>
        <translation>nicht verfügbar: %1</translation>
    </message>
    <message>
        <source>%1 %2 · price %3 · fee %4 · impact %5</source>
        <translation>%1 %2 · Preis %3 · Gebühr %4 · Einfluss %5</translation>
    </message>
</context>
<context>
    <name>OrderDesk::PreferencesDialog</name>
    <message>
        <source>Preferences</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>Safety rails for orders sent from this console. Notional is the order&apos;s value in USDC at the current market price; 0 turns a rail off.</source>
        <translation>Schutzgrenzen für Orders aus dieser Konsole. Der Nominalwert ist der Wert der Order in USDC zum aktuellen Marktpreis; 0 schaltet eine Grenze ab.</translation>
    </message>
    <message>
        <source>Confirm orders above (USDC)</source>
        <translation>Orders bestätigen ab (USDC)</translation>
    </message>
    <message>
        <source>Refuse orders above (USDC)</source>
        <translation>Orders ablehnen ab (USDC)</translation>
    </message>
    <message>
        <source>Confirmation threshold: %1</source>
        <translation>Bestätigungsschwelle: %1</translation>
    </message>
    <message>
        <source>Maximum order notional: %1</source>
        <translation>Maximaler Nominalwert: %1</translation>
    </message>
</context>
<context>
    <name>OrderDesk::PriceChart</name>
    <message>
        <source>Follow</source>
        <translation>Folgen</translation>
    </message>
    <message>
        <source>Undo zoom and pan and follow the market (Home, or double-click)</source>
        <translation>Zoom und Verschiebung zurücksetzen und dem Markt folgen (Pos1 oder Doppelklick)</translation>
    </message>
    <message>
        <source>My buys</source>
        <translation>Meine Käufe</translation>
    </message>
    <message>
        <source>My sells</source>
        <translation>Meine Verkäufe</translation>
    </message>
    <message>
        <source>%1 mid price on both venues, with my fills</source>
        <translation>%1 Mittelkurs auf beiden Börsen, mit meinen Ausführungen</translation>
    </message>
</context>
<context>
    <name>OrderDesk::QuotePreview</name>
    <message>
        <source>Route: %1 %2</source>
        <translation>Route: %1 %2</translation>
    </message>
    <message>
        <source>pay %1</source>
        <translation>zahlen %1</translation>
    </message>
    <message>
        <source>receive %1</source>
        <translation>erhalten %1</translation>
    </message>
    <message>
        <source>price %1 %2 per %3</source>
        <translation>Preis %1 %2 pro %3</translation>
    </message>
    <message>
        <source>fee %1</source>
        <translation>Gebühr %1</translation>
    </message>
    <message>
        <source>impact %1</source>
        <translation>Einfluss %1</translation>
    </message>
    <message>
        <source>hop %1 · %2 %3 · %4 → %5 · fee %6 · impact %7</source>
        <translation>Schritt %1 · %2 %3 · %4 → %5 · Gebühr %6 · Einfluss %7</translation>
    </message>
    <message>
        <source>No route: %1</source>
        <translation>Keine Route: %1</translation>
    </message>
    <message>
        <source>Each venue alone:</source>
        <translation>Jede Börse allein:</translation>
    </message>
    <message>
        <source>unavailable: %1</source>
        <translation>nicht verfügbar: %1</translation>
    </message>
    <message>
        <source>%1 %2 · price %3 · fee %4 · impact %5</source>
        <translation>%1 %2 · Preis %3 · Gebühr %4 · Einfluss %5</translation>
    </message>
</context>
<context>
    <name>OrderDesk::SafetyRails</name>
    <message>
        <source>Orders are halted: the kill switch is on. Lift it in Orders ▸ Halt orders to send orders again.</source>
        <translation>Orders sind gestoppt: Der Not-Aus ist an. Unter Orders ▸ Orders stoppen aufheben, um wieder Orders zu senden.</translation>
    </message>
    <message>
        <source>The market cannot value this order in USDC, so neither the confirmation threshold nor the maximum can be checked. Send it anyway?</source>
        <translation>Der Markt kann diese Order nicht in USDC bewerten, daher können weder Bestätigungsschwelle noch Maximum geprüft werden. Trotzdem senden?</translation>
    </message>
    <message>
        <source>Refused: this order is worth about %1, above the maximum order notional of %2 set in the preferences.</source>
        <translation>Abgelehnt: Diese Order ist etwa %1 wert, mehr als der in den Einstellungen festgelegte maximale Nominalwert von %2.</translation>
    </message>
    <message>
        <source>This order is worth about %1, above the confirmation threshold of %2. Send it?</source>
        <translation>Diese Order ist etwa %1 wert, mehr als die Bestätigungsschwelle von %2. Senden?</translation>
    </message>
</context>
<context>
    <name>OrderDesk::SimulationPanel</name>
    <message>
        <source>Move a price</source>
        <translation>Preis verschieben</translation>
    </message>
    <message>
        <source>new price, quote per base</source>
        <translation>neuer Preis, Quote pro Basis</translation>
    </message>
    <message>
        <source>Set price</source>
        <translation>Preis setzen</translation>
    </message>
    <message>
        <source>Venue</source>
        <translation>Börse</translation>
    </message>
    <message>
        <source>Base</source>
        <translation>Basis</translation>
    </message>
    <message>
        <source>Quote</source>
        <translation>Quote</translation>
    </message>
    <message>
        <source>Now</source>
        <translation>Aktuell</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>Preis</translation>
    </message>
    <message>
        <source>Launch a token</source>
        <translation>Token starten</translation>
    </message>
    <message>
        <source>e.g. PEPE</source>
        <translation>z. B. PEPE</translation>
    </message>
    <message>
        <source>both venues</source>
        <translation>beide Börsen</translation>
    </message>
    <message>
        <source>USDC on the quote side of each new pool</source>
        <translation>USDC auf der Quote-Seite jedes neuen Pools</translation>
    </message>
    <message>
        <source>Launch</source>
        <translation>Starten</translation>
    </message>
    <message>
        <source>Symbol</source>
        <translation>Symbol</translation>
    </message>
    <message>
        <source>Liquidity (USDC)</source>
        <translation>Liquidität (USDC)</translation>
    </message>
    <message>
        <source>Choose a venue and two known tokens.</source>
        <translation>Eine Börse und zwei bekannte Token wählen.</translation>
    </message>
    <message>
        <source>The price must be a positive number: %1</source>
        <translation>Der Preis muss eine positive Zahl sein: %1</translation>
    </message>
    <message>
        <source>%1 has no %2/%3 pool.</source>
        <translation>%1 hat keinen %2/%3-Pool.</translation>
    </message>
    <message>
        <source>%1 %2/%3 set to %4</source>
        <translation>%1 %2/%3 auf %4 gesetzt</translation>
    </message>
    <message>
        <source>The symbol must be 1 to 12 letters or digits.</source>
        <translation>Das Symbol muss aus 1 bis 12 Buchstaben oder Ziffern bestehen.</translation>
    </message>
    <message>
        <source>The liquidity must be a positive USDC amount: %1</source>
        <translation>Die Liquidität muss ein positiver USDC-Betrag sein: %1</translation>
    </message>
    <message>
        <source>%1 was not launched: the symbol is taken or its pools exist already.</source>
        <translation>%1 wurde nicht gestartet: Das Symbol ist vergeben oder die Pools existieren bereits.</translation>
    </message>
    <message>
        <source>%1 launched with %2 USDC of liquidity.</source>
        <translation>%1 mit %2 USDC Liquidität gestartet.</translation>
    </message>
    <message>
        <source>%1 %2 per %3</source>
        <translation>%1 %2 pro %3</translation>
    </message>
    <message>
        <source>no pool</source>
        <translation>kein Pool</translation>
    </message>
</context>
<context>
    <name>OrderDesk::TradingActions</name>
    <message>
        <source>&amp;Halt orders (kill switch)</source>
        <translation>Orders &amp;stoppen (Not-Aus)</translation>
    </message>
    <message>
        <source>Stop this console from sending any order until switched off (Ctrl+Shift+H)</source>
        <translation>Diese Konsole sendet keine Orders mehr, bis wieder ausgeschaltet (Strg+Umschalt+H)</translation>
    </message>
    <message>
        <source>Kill switch on: this console sends no orders.</source>
        <translation>Not-Aus an: Diese Konsole sendet keine Orders.</translation>
    </message>
    <message>
        <source>Kill switch off: orders can be sent again.</source>
        <translation>Not-Aus aus: Orders können wieder gesendet werden.</translation>
    </message>
    <message>
        <source>Cancel &amp;all waiting orders…</source>
        <translation>&amp;Alle wartenden Orders stornieren…</translation>
    </message>
    <message>
        <source>Cancel every limit and sniper order still waiting for its trigger, after a confirmation</source>
        <translation>Jede Limit- und Sniper-Order, die noch auf ihren Auslöser wartet, nach Bestätigung stornieren</translation>
    </message>
    <message>
        <source>Cannot list the waiting orders: %1</source>
        <translation>Die wartenden Orders können nicht aufgelistet werden: %1</translation>
    </message>
    <message>
        <source>&amp;Preferences…</source>
        <translation>&amp;Einstellungen…</translation>
    </message>
    <message>
        <source>Safety rails: confirm above %1, refuse above %2</source>
        <translation>Schutzgrenzen: Bestätigung ab %1, Ablehnung ab %2</translation>
    </message>
    <message>
        <source>No order is waiting: nothing to cancel.</source>
        <translation>Keine Order wartet: nichts zu stornieren.</translation>
    </message>
    <message>
        <source>Cancel all waiting orders</source>
        <translation>Alle wartenden Orders stornieren</translation>
    </message>
    <message numerus="yes">
        <source>Cancel %n waiting order(s)? Orders already routing are not affected.</source>
        <translation>
            <numerusform>%n wartende Order stornieren? Orders, die bereits geroutet werden, sind nicht betroffen.</numerusform>
            <numerusform>%n wartende Orders stornieren? Orders, die bereits geroutet werden, sind nicht betroffen.</numerusform>
        </translation>
    </message>
    <message>
        <source>Cancel them</source>
        <translation>Stornieren</translation>
    </message>
    <message>
        <source>Keep them</source>
        <translation>Behalten</translation>
    </message>
    <message>
        <source>Nothing cancelled.</source>
        <translation>Nichts storniert.</translation>
    </message>
    <message numerus="yes">
        <source>%n waiting order(s) cancelled</source>
        <translation>
            <numerusform>%n wartende Order storniert</numerusform>
            <numerusform>%n wartende Orders storniert</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n waiting order(s) cancelled; too late for %1</source>
        <translation>
            <numerusform>%n wartende Order storniert; zu spät für %1</numerusform>
            <numerusform>%n wartende Orders storniert; zu spät für %1</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>OrderDesk::WaitingOrderCanceller</name>
    <message>
        <source>The engine is not running.</source>
        <translation>Die Engine läuft nicht.</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
</context>
<context>
    <name>OrderDesk::AvailableBalance</name>
    <message>
        <source>Max</source>
        <translation>Max</translation>
    </message>
    <message>
        <source>Spend everything available of the pay token</source>
        <translation>Den ganzen verfügbaren Bestand des Zahl-Tokens einsetzen</translation>
    </message>
    <message>
        <source>Available: %1 %2</source>
        <translation>Verfügbar: %1 %2</translation>
    </message>
    <message>
        <source>Available: 0 %1</source>
        <translation>Verfügbar: 0 %1</translation>
    </message>
</context>
<context>
    <name>OrderDesk::WalletDock</name>
    <message>
        <source>Wallet</source>
        <translation>Wallet</translation>
    </message>
    <message numerus="yes">
        <source>Value %1 USDC · unrealised P&amp;L %2 · realised P&amp;L %3 · %n open reservation(s)</source>
        <translation>
            <numerusform>Wert %1 USDC · unrealisierter G/V %2 · realisierter G/V %3 · %n offene Reservierung</numerusform>
            <numerusform>Wert %1 USDC · unrealisierter G/V %2 · realisierter G/V %3 · %n offene Reservierungen</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>OrderDesk::WalletModel</name>
    <message>
        <source>Token</source>
        <translation>Token</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Gesamt</translation>
    </message>
    <message>
        <source>Reserved</source>
        <translation>Reserviert</translation>
    </message>
    <message>
        <source>Available</source>
        <translation>Verfügbar</translation>
    </message>
    <message>
        <source>Mid (USDC)</source>
        <translation>Mittelkurs (USDC)</translation>
    </message>
    <message>
        <source>Value (USDC)</source>
        <translation>Wert (USDC)</translation>
    </message>
    <message>
        <source>Avg cost</source>
        <translation>Ø Einstand</translation>
    </message>
    <message>
        <source>Unrealised P&amp;L</source>
        <translation>Unrealisierter G/V</translation>
    </message>
    <message>
        <source>Realised P&amp;L</source>
        <translation>Realisierter G/V</translation>
    </message>
</context>
</TS>

<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>OrderDesk::BlotterFilterBar</name>
    <message>
        <source>All statuses</source>
        <translation>全部状态</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>未完成</translation>
    </message>
    <message>
        <source>In flight</source>
        <translation>执行中</translation>
    </message>
    <message>
        <source>Retrying</source>
        <translation>重试中</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>等待中</translation>
    </message>
    <message>
        <source>Confirmed</source>
        <translation>已确认</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>Cancelled or expired</source>
        <translation>已取消或已过期</translation>
    </message>
    <message>
        <source>Search id, client id or signature (Ctrl+F)</source>
        <translation>搜索 ID、客户端 ID 或签名 (Ctrl+F)</translation>
    </message>
    <message>
        <source>&amp;Status</source>
        <translation>状态(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Pair</source>
        <translation>交易对(&amp;P)</translation>
    </message>
    <message>
        <source>All pairs</source>
        <translation>全部交易对</translation>
    </message>
    <message numerus="yes">
        <source>%n order(s)</source>
        <translation>
            <numerusform>%n 个订单</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 of %n order(s)</source>
        <translation>
            <numerusform>%1 / %n 个订单</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>OrderDesk::BlotterModel</name>
    <message>
        <source>Executed price against the quoted price, in basis points (positive: worse)</source>
        <translation>成交价相对报价的偏差，单位为基点（正值表示更差）</translation>
    </message>
    <message>
        <source>Id</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Pair</source>
        <translation>交易对</translation>
    </message>
    <message>
        <source>Side</source>
        <translation>方向</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>数量</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Venue</source>
        <translation>交易场所</translation>
    </message>
    <message>
        <source>Exec. price</source>
        <translation>成交价</translation>
    </message>
    <message>
        <source>Slip. bps</source>
        <translation>滑点 bp</translation>
    </message>
    <message>
        <source>Att.</source>
        <translation>次</translation>
    </message>
    <message>
        <source>Signature</source>
        <translation>签名</translation>
    </message>
</context>
<context>
    <name>OrderDesk::ConsoleStatusBar</name>
    <message>
        <source>Orders waiting to be taken / retries waiting for their time / being worked on</source>
        <translation>等待处理的订单 / 等待重试时间的订单 / 正在处理的订单</translation>
    </message>
    <message>
        <source>API off</source>
        <translation>API 未启用</translation>
    </message>
    <message>
        <source>No API server in this process</source>
        <translation>此进程中没有 API 服务器</translation>
    </message>
    <message>
        <source>API %1</source>
        <translation>API %1</translation>
    </message>
    <message>
        <source>HTTP and WebSocket API listening on %1</source>
        <translation>HTTP 与 WebSocket API 正在监听 %1</translation>
    </message>
    <message>
        <source>API server not listening</source>
        <translation>API 服务器未在监听</translation>
    </message>
    <message>
        <source>WS clients: %1</source>
        <translation>WS 客户端：%1</translation>
    </message>
    <message>
        <source>WebSocket clients connected to the API server</source>
        <translation>已连接到 API 服务器的 WebSocket 客户端</translation>
    </message>
    <message>
        <source>Queue %1 · delayed %2 · active %3</source>
        <translation>队列 %1 · 延迟 %2 · 活动 %3</translation>
    </message>
    <message>
        <source>Rate %1/%2 per %3 s</source>
        <translation>速率 %1/%2 每 %3 秒</translation>
    </message>
    <message>
        <source>Rate: no limit</source>
        <translation>速率：不限</translation>
    </message>
    <message>
        <source>Workers %1/%2</source>
        <translation>工作线程 %1/%2</translation>
    </message>
    <message numerus="yes">
        <source>%n limit or sniper order(s) armed</source>
        <translation>
            <numerusform>%n 个限价或狙击订单待触发</numerusform>
        </translation>
    </message>
    <message>
        <source>Redis</source>
        <translation>Redis</translation>
    </message>
    <message>
        <source>In-process queue</source>
        <translation>进程内队列</translation>
    </message>
    <message>
        <source>Queue: %1 (%2)</source>
        <translation>队列：%1（%2）</translation>
    </message>
    <message>
        <source>up</source>
        <translation>正常</translation>
    </message>
    <message>
        <source>down</source>
        <translation>故障</translation>
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
        <translation>数据库：%1（%2）</translation>
    </message>
    <message>
        <source>Market</source>
        <translation>市场</translation>
    </message>
    <message>
        <source>In-process market</source>
        <translation>进程内市场</translation>
    </message>
    <message>
        <source>Market: %1 (%2)</source>
        <translation>市场：%1（%2）</translation>
    </message>
    <message>
        <source>Retrying %1</source>
        <translation>重试中 %1</translation>
    </message>
    <message>
        <source>Orders waiting for their next attempt</source>
        <translation>等待下一次尝试的订单</translation>
    </message>
    <message>
        <source>Orders halted</source>
        <translation>已停止下单</translation>
    </message>
    <message>
        <source>Orders enabled</source>
        <translation>允许下单</translation>
    </message>
    <message>
        <source>Kill switch on: this console sends no orders</source>
        <translation>紧急停止已开启：本控制台不发送任何订单</translation>
    </message>
    <message>
        <source>This console may send orders (kill switch off)</source>
        <translation>本控制台可以发送订单（紧急停止已关闭）</translation>
    </message>
</context>
<context>
    <name>OrderDesk::ImpactCurveChart</name>
    <message>
        <source>Price impact by size</source>
        <translation>按规模的价格影响</translation>
    </message>
</context>
<context>
    <name>OrderDesk::LogDock</name>
    <message>
        <source>Log</source>
        <translation>日志</translation>
    </message>
    <message numerus="yes">
        <source>… %n line(s) skipped</source>
        <translation>
            <numerusform>… 跳过了 %n 行</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>OrderDesk::MainWindow</name>
    <message>
        <source>Running on the embedded defaults: an in-process queue, a local SQLite file and an in-process market. Orders are not shared with other nodes; start with --redis, --database and --market for a cluster.</source>
        <translation>正在使用内置默认配置：进程内队列、本地 SQLite 文件和进程内市场。订单不会与其他节点共享；如需集群，请使用 --redis、--database 和 --market 启动。</translation>
    </message>
    <message>
        <source>Order ticket</source>
        <translation>下单面板</translation>
    </message>
    <message>
        <source>Market simulation</source>
        <translation>市场模拟</translation>
    </message>
    <message>
        <source>&amp;New order</source>
        <translation>新订单(&amp;N)</translation>
    </message>
    <message>
        <source>Go to the order ticket (Ctrl+N)</source>
        <translation>转到下单面板（Ctrl+N）</translation>
    </message>
    <message>
        <source>&amp;Cancel order</source>
        <translation>取消订单(&amp;C)</translation>
    </message>
    <message>
        <source>Cancel the selected pending or waiting orders (Del, Ctrl+D)</source>
        <translation>取消所选的待处理或等待中订单（Del、Ctrl+D）</translation>
    </message>
    <message>
        <source>Copy order &amp;id</source>
        <translation>复制订单编号(&amp;I)</translation>
    </message>
    <message>
        <source>Copy &amp;signature</source>
        <translation>复制签名(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Export CSV…</source>
        <translation>导出 CSV(&amp;E)…</translation>
    </message>
    <message>
        <source>Export the rows shown, as shown, to a CSV file (Ctrl+E)</source>
        <translation>按当前显示将可见行导出为 CSV 文件（Ctrl+E）</translation>
    </message>
    <message>
        <source>&amp;Find</source>
        <translation>查找(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Orders</source>
        <translation>订单(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Theme</source>
        <translation>主题(&amp;T)</translation>
    </message>
    <message>
        <source>Follow the &amp;system</source>
        <translation>跟随系统(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Light</source>
        <translation>浅色(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Dark</source>
        <translation>深色(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About OrderDesk</source>
        <translation>关于 OrderDesk(&amp;A)</translation>
    </message>
    <message>
        <source>Orders</source>
        <translation>订单</translation>
    </message>
    <message>
        <source>Select the orders to cancel in the blotter.</source>
        <translation>请在订单列表中选择要取消的订单。</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message numerus="yes">
        <source>%n order(s) cancelled</source>
        <translation>
            <numerusform>已取消 %n 个订单</numerusform>
        </translation>
    </message>
    <message>
        <source>Cannot cancel %1</source>
        <translation>无法取消 %1</translation>
    </message>
    <message>
        <source>Export orders</source>
        <translation>导出订单</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message numerus="yes">
        <source>%n order(s) exported to %1</source>
        <translation>
            <numerusform>已将 %n 个订单导出到 %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>导出失败</translation>
    </message>
    <message>
        <source>Could not write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message>
        <source>No signature yet: the order was not submitted.</source>
        <translation>尚无签名：订单还未提交。</translation>
    </message>
    <message>
        <source>Nothing selected.</source>
        <translation>未选择任何内容。</translation>
    </message>
    <message numerus="yes">
        <source>Copied %n value(s)</source>
        <translation>
            <numerusform>已复制 %n 个值</numerusform>
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
        <translation>关于 OrderDesk</translation>
    </message>
    <message>
        <source>&lt;h3&gt;OrderDesk %1&lt;/h3&gt;&lt;p&gt;A trading console with an embedded execution engine for Solana DEX swaps, routed between Raydium and Meteora (simulated).&lt;/p&gt;&lt;p&gt;API: %2&lt;/p&gt;</source>
        <translation>&lt;h3&gt;OrderDesk %1&lt;/h3&gt;&lt;p&gt;内置执行引擎的交易控制台，用于 Solana DEX 兑换，在 Raydium 与 Meteora 之间路由（模拟）。&lt;/p&gt;&lt;p&gt;API：%2&lt;/p&gt;</translation>
    </message>
    <message>
        <source>not listening</source>
        <translation>未监听</translation>
    </message>
    <message>
        <source>Order %1 retrying: %2</source>
        <translation>订单 %1 重试中：%2</translation>
    </message>

    <message>
        <source>All statuses</source>
        <translation>全部状态</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>未完成</translation>
    </message>
    <message>
        <source>In flight</source>
        <translation>执行中</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>等待中</translation>
    </message>
    <message>
        <source>Confirmed</source>
        <translation>已确认</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>Cancelled or expired</source>
        <translation>已取消或已过期</translation>
    </message>
    <message>
        <source>Search id, client id or signature (Ctrl+F)</source>
        <translation>搜索编号、客户编号或签名（Ctrl+F）</translation>
    </message>
    <message>
        <source>&amp;Status</source>
        <translation>状态(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Pair</source>
        <translation>交易对(&amp;P)</translation>
    </message>
    <message>
        <source>All pairs</source>
        <translation>全部交易对</translation>
    </message>
    <message numerus="yes">
        <source>%n order(s)</source>
        <translation>
            <numerusform>%n 个订单</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 of %n order(s)</source>
        <translation>
            <numerusform>%1 / %n 个订单</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>OrderDesk::MarketDocks</name>
    <message>
        <source>Market watch</source>
        <translation>行情监视</translation>
    </message>
    <message>
        <source>Price chart</source>
        <translation>价格图表</translation>
    </message>
</context>
<context>
    <name>OrderDesk::MarketWatchModel</name>
    <message>
        <source>%1 per %2 for a trade worth %3</source>
        <translation>价值 %3 的交易，每 %2 的 %1 价格</translation>
    </message>
    <message>
        <source>This venue&apos;s mid against the other venue&apos;s, in basis points</source>
        <translation>本交易场所中间价相对另一交易场所的差（基点）</translation>
    </message>
    <message>
        <source>What the pool holds of both tokens, valued in USDC</source>
        <translation>池中两种代币的持有量，按 USDC 计价</translation>
    </message>
    <message>
        <source>Pair</source>
        <translation>交易对</translation>
    </message>
    <message>
        <source>Venue</source>
        <translation>交易场所</translation>
    </message>
    <message>
        <source>Bid</source>
        <translation>买价</translation>
    </message>
    <message>
        <source>Ask</source>
        <translation>卖价</translation>
    </message>
    <message>
        <source>Mid</source>
        <translation>中间价</translation>
    </message>
    <message>
        <source>Spread bps</source>
        <translation>价差 bps</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>涨跌</translation>
    </message>
    <message>
        <source>Liquidity USDC</source>
        <translation>流动性 USDC</translation>
    </message>
</context>
<context>
    <name>OrderDesk::MarketWatchPanel</name>
    <message>
        <source>Filter pairs, e.g. SOL</source>
        <translation>筛选交易对，例如 SOL</translation>
    </message>
</context>
<context>
    <name>OrderDesk::OrderConfirmationDialog</name>
    <message>
        <source>Confirm order</source>
        <translation>确认订单</translation>
    </message>
    <message>
        <source>%1 %2 %3 %4</source>
        <translation>%1 %2 %3 %4</translation>
    </message>
    <message>
        <source>buy</source>
        <translation>买入</translation>
    </message>
    <message>
        <source>sell</source>
        <translation>卖出</translation>
    </message>
    <message>
        <source>Buy %1</source>
        <translation>买入 %1</translation>
    </message>
    <message>
        <source>Sell %1</source>
        <translation>卖出 %1</translation>
    </message>
</context>
<context>
    <name>OrderDesk::OrderDetailPane</name>
    <message>
        <source>Select an order in the blotter to see its route and timeline.</source>
        <translation>在订单列表中选择一个订单以查看其路由和时间线。</translation>
    </message>
    <message>
        <source>Signature:</source>
        <translation>签名：</translation>
    </message>
    <message>
        <source>not submitted yet</source>
        <translation>尚未提交</translation>
    </message>
    <message>
        <source>Copy the transaction signature</source>
        <translation>复制交易签名</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Route decision</source>
        <translation>路由决策</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>价格</translation>
    </message>
    <message>
        <source>Amount out</source>
        <translation>获得数量</translation>
    </message>
    <message>
        <source>Fee</source>
        <translation>手续费</translation>
    </message>
    <message>
        <source>Price impact</source>
        <translation>价格影响</translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation>时间线</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Attempt</source>
        <translation>尝试</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>详情</translation>
    </message>
    <message>
        <source>Status: %1 · attempt %2</source>
        <translation>状态：%1 · 第 %2 次尝试</translation>
    </message>
    <message>
        <source>Last error: %1</source>
        <translation>最近错误：%1</translation>
    </message>
    <message>
        <source>✓ %1 (chosen)</source>
        <translation>✓ %1（已选）</translation>
    </message>
    <message>
        <source>Not routed yet: the order waits for its trigger.</source>
        <translation>尚未路由：订单正在等待触发。</translation>
    </message>
    <message>
        <source>Not routed yet.</source>
        <translation>尚未路由。</translation>
    </message>
    <message>
        <source>no quote</source>
        <translation>无报价</translation>
    </message>
    <message>
        <source>unavailable</source>
        <translation>不可用</translation>
    </message>
    <message>
        <source>Why: %1</source>
        <translation>原因：%1</translation>
    </message>
    <message>
        <source>attempt failed</source>
        <translation>尝试失败</translation>
    </message>
    <message>
        <source>Signature copied</source>
        <translation>签名已复制</translation>
    </message>
    <message>
        <source>slippage tolerance %1 bps</source>
        <translation>滑点容忍度 %1 bp</translation>
    </message>
    <message>
        <source>Created %1</source>
        <translation>创建于 %1</translation>
    </message>
    <message>
        <source>expires %1</source>
        <translation>到期 %1</translation>
    </message>
    <message>
        <source>client id %1</source>
        <translation>客户编号 %1</translation>
    </message>
    <message>
        <source>%1 bps against the quote</source>
        <translation>相对报价 %1 bp</translation>
    </message>
    <message>
        <source>%1  %2 %3 %4  %5 (%6 → %7)</source>
        <translation>%1  %2 %3 %4  %5（%6 → %7）</translation>
    </message>
    <message>
        <source>exact out</source>
        <translation>精确输出</translation>
    </message>
    <message>
        <source>exact in</source>
        <translation>精确输入</translation>
    </message>
    <message>
        <source>limit %1 %2</source>
        <translation>限价 %1 %2</translation>
    </message>
    <message>
        <source>Executed on %1 at %2 %3, received %4 %5</source>
        <translation>在 %1 以 %2 %3 成交，收到 %4 %5</translation>
    </message>
    <message>
        <source>%1 %2 %3 → %4 %5 (fee %6, impact %7)</source>
        <translation>%1 %2 %3 → %4 %5（手续费 %6，影响 %7）</translation>
    </message>
    <message>
        <source>Route (%1 %2): %3</source>
        <translation>路由（%1 %2）：%3</translation>
    </message>

    <message>
        <source>%1  %2  %3 → %4</source>
        <translation>%1  %2  %3 → %4</translation>
    </message>
    <message>
        <source>Executed on %1 at %2, received %3 %4</source>
        <translation>在 %1 以 %2 成交，获得 %3 %4</translation>
    </message>
    <message>
        <source>side: %1</source>
        <translation>方向：%1</translation>
    </message>
    <message>
        <source>limit %1 %2 per %3</source>
        <translation>限价 %1 %2 每 %3</translation>
    </message>
</context>
<context>
    <name>OrderDesk::OrderPresentation</name>
    <message>
        <source>retry after: %1</source>
        <translation>重试，原因：%1</translation>
    </message>
    <message>
        <source>triggered: %1</source>
        <translation>已触发：%1</translation>
    </message>
    <message>
        <source>fetching quotes from both venues</source>
        <translation>正在获取两个交易场所的报价</translation>
    </message>
    <message>
        <source>route: %1</source>
        <translation>路由：%1</translation>
    </message>
    <message>
        <source>signature %1</source>
        <translation>签名 %1</translation>
    </message>
    <message>
        <source>received %1 %2</source>
        <translation>获得 %1 %2</translation>
    </message>
    <message>
        <source>accepted and stored</source>
        <translation>已接受并保存</translation>
    </message>
    <message>
        <source>waiting for the limit price</source>
        <translation>等待达到限价</translation>
    </message>
    <message>
        <source>waiting for %1 to launch</source>
        <translation>等待 %1 上线</translation>
    </message>
    <message>
        <source>cancelled by the operator</source>
        <translation>已由操作员取消</translation>
    </message>
    <message>
        <source>expired before it triggered</source>
        <translation>触发前已过期</translation>
    </message>
    <message>
        <source>pending</source>
        <translation>待处理</translation>
    </message>
    <message>
        <source>waiting</source>
        <translation>等待中</translation>
    </message>
    <message>
        <source>routing</source>
        <translation>路由中</translation>
    </message>
    <message>
        <source>building</source>
        <translation>构建中</translation>
    </message>
    <message>
        <source>submitted</source>
        <translation>已提交</translation>
    </message>
    <message>
        <source>confirmed</source>
        <translation>已确认</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>expired</source>
        <translation>已过期</translation>
    </message>
    <message>
        <source>market</source>
        <translation>市价</translation>
    </message>
    <message>
        <source>limit</source>
        <translation>限价</translation>
    </message>
    <message>
        <source>sniper</source>
        <translation>狙击</translation>
    </message>
    <message>
        <source>buy</source>
        <translation>买入</translation>
    </message>
    <message>
        <source>sell</source>
        <translation>卖出</translation>
    </message>
    <message>
        <source>retrying</source>
        <translation>重试中</translation>
    </message>
    <message>
        <source>%1 per %2</source>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <source>unknown error</source>
        <translation>未知错误</translation>
    </message>
    <message>
        <source>attempt %1 failed (%2)</source>
        <translation>第 %1 次尝试失败（%2）</translation>
    </message>
    <message>
        <source>attempt %1 failed (%2); attempt %3 at %4, %5 back-off</source>
        <translation>第 %1 次尝试失败（%2）；第 %3 次尝试于 %4，退避 %5</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <source>next attempt at %1 after a %2 back-off; %3: %4</source>
        <translation>退避 %2 后于 %1 再次尝试；%3：%4</translation>
    </message>

    <message>
        <source>%1: %2; next attempt at %3</source>
        <translation>%1：%2；下次尝试于 %3</translation>
    </message>
</context>
<context>
    <name>OrderDesk::OrderTicket</name>
    <message>
        <source>Market</source>
        <translation>市价</translation>
    </message>
    <message>
        <source>Limit</source>
        <translation>限价</translation>
    </message>
    <message>
        <source>Sniper</source>
        <translation>狙击</translation>
    </message>
    <message>
        <source>Market executes now; limit waits for a price; sniper waits for a token&apos;s launch</source>
        <translation>市价单立即执行；限价单等待价格；狙击单等待代币上线</translation>
    </message>
    <message>
        <source>Sell</source>
        <translation>卖出</translation>
    </message>
    <message>
        <source>Buy</source>
        <translation>买入</translation>
    </message>
    <message>
        <source>e.g. 1.5</source>
        <translation>例如 1.5</translation>
    </message>
    <message>
        <source> bps</source>
        <translation> bp</translation>
    </message>
    <message>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <source>never</source>
        <translation>永不</translation>
    </message>
    <message>
        <source>optional, makes a resubmission safe</source>
        <translation>可选，使重复提交安全</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Side</source>
        <translation>方向</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>数量</translation>
    </message>
    <message>
        <source>Slippage</source>
        <translation>滑点</translation>
    </message>
    <message>
        <source>Limit price</source>
        <translation>限价</translation>
    </message>
    <message>
        <source>Expires in</source>
        <translation>有效期</translation>
    </message>
    <message>
        <source>Client id</source>
        <translation>客户编号</translation>
    </message>
    <message>
        <source>Submit through the engine, as the HTTP API does (Enter)</source>
        <translation>通过引擎提交，与 HTTP API 相同（Enter）</translation>
    </message>
    <message>
        <source>Live quote</source>
        <translation>实时报价</translation>
    </message>
    <message>
        <source>Order refused: %1</source>
        <translation>订单被拒绝：%1</translation>
    </message>
    <message>
        <source>Client id already used: showing order %1</source>
        <translation>客户编号已被使用：显示订单 %1</translation>
    </message>
    <message>
        <source>Quoting…</source>
        <translation>正在报价…</translation>
    </message>
    <message>
        <source>No quote: %1</source>
        <translation>无报价：%1</translation>
    </message>
    <message>
        <source>Orders halted: the kill switch is on (Orders ▸ Halt orders).</source>
        <translation>已停止下单：紧急停止已开启（订单 ▸ 停止下单）。</translation>
    </message>
    <message>
        <source>Buy the base token: a market buy receives exactly the amount</source>
        <translation>买入基础代币：市价买入正好收到该数量</translation>
    </message>
    <message>
        <source>Sell the base token: spends exactly the amount</source>
        <translation>卖出基础代币：正好卖出该数量</translation>
    </message>
    <message>
        <source>How far past the quote the execution may land (100 bps = 1 %)</source>
        <translation>成交价可偏离报价的幅度（100 bps = 1 %）</translation>
    </message>
    <message>
        <source>Token</source>
        <translation>代币</translation>
    </message>
    <message>
        <source>Priced in</source>
        <translation>计价货币</translation>
    </message>
    <message>
        <source>Enter an amount to see the route and both venues&apos; quotes.</source>
        <translation>输入数量以查看路由和两个交易场所的报价。</translation>
    </message>
    <message>
        <source>%1 to spend on %2</source>
        <translation>用于购买 %2 的 %1</translation>
    </message>
    <message>
        <source>%1 to receive, exactly</source>
        <translation>正好收到的 %1</translation>
    </message>
    <message>
        <source>%1 to sell, exactly</source>
        <translation>正好卖出的 %1</translation>
    </message>
    <message>
        <source>%1 per %2</source>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <source>Buy %1</source>
        <translation>买入 %1</translation>
    </message>
    <message>
        <source>Sell %1</source>
        <translation>卖出 %1</translation>
    </message>
    <message>
        <source>≈ %1</source>
        <translation>≈ %1</translation>
    </message>
    <message>
        <source>Order not sent.</source>
        <translation>订单未发送。</translation>
    </message>
    <message>
        <source>Order %1 accepted: %2 %3 %4, %5</source>
        <translation>订单 %1 已接受：%2 %3 %4，%5</translation>
    </message>
    <message>
        <source>(not recorded)</source>
        <translation>（不记录）</translation>
    </message>
    <message>
        <source>How far below the quote the execution may land (100 bps = 1 %)</source>
        <translation>成交价可低于报价的幅度（100 bp = 1%）</translation>
    </message>
    <message>
        <source>receive-token per pay-token</source>
        <translation>每单位支付代币可得的接收代币</translation>
    </message>
    <message>
        <source>Pay</source>
        <translation>支付</translation>
    </message>
    <message>
        <source>Receive</source>
        <translation>接收</translation>
    </message>
    <message>
        <source>Place order</source>
        <translation>下单</translation>
    </message>
    <message>
        <source>Enter an amount to see both venues&apos; quotes.</source>
        <translation>输入数量以查看两个交易场所的报价。</translation>
    </message>
    <message>
        <source>Order %1 accepted: %2 %3 → %4</source>
        <translation>订单 %1 已接受：%2 %3 → %4</translation>
    </message>
    <message>
        <source>unavailable: %1</source>
        <translation>不可用：%1</translation>
    </message>
    <message>
        <source>%1 %2 · price %3 · fee %4 · impact %5</source>
        <translation>%1 %2 · 价格 %3 · 手续费 %4 · 影响 %5</translation>
    </message>
</context>
<context>
    <name>OrderDesk::PreferencesDialog</name>
    <message>
        <source>Preferences</source>
        <translation>首选项</translation>
    </message>
    <message>
        <source>Safety rails for orders sent from this console. Notional is the order&apos;s value in USDC at the current market price; 0 turns a rail off.</source>
        <translation>本控制台所发订单的安全限制。名义价值为订单按当前市价折算的 USDC 价值；设为 0 即关闭该限制。</translation>
    </message>
    <message>
        <source>Confirm orders above (USDC)</source>
        <translation>超过此值需确认 (USDC)</translation>
    </message>
    <message>
        <source>Refuse orders above (USDC)</source>
        <translation>超过此值拒绝 (USDC)</translation>
    </message>
    <message>
        <source>Confirmation threshold: %1</source>
        <translation>确认阈值：%1</translation>
    </message>
    <message>
        <source>Maximum order notional: %1</source>
        <translation>订单名义价值上限：%1</translation>
    </message>
</context>
<context>
    <name>OrderDesk::PriceChart</name>
    <message>
        <source>Follow</source>
        <translation>跟随</translation>
    </message>
    <message>
        <source>Undo zoom and pan and follow the market (Home, or double-click)</source>
        <translation>取消缩放和平移并跟随行情（Home 或双击）</translation>
    </message>
    <message>
        <source>My buys</source>
        <translation>我的买入</translation>
    </message>
    <message>
        <source>My sells</source>
        <translation>我的卖出</translation>
    </message>
    <message>
        <source>%1 mid price on both venues, with my fills</source>
        <translation>%1 在两个交易场所的中间价及我的成交</translation>
    </message>
</context>
<context>
    <name>OrderDesk::QuotePreview</name>
    <message>
        <source>Route: %1 %2</source>
        <translation>路由：%1 %2</translation>
    </message>
    <message>
        <source>pay %1</source>
        <translation>支付 %1</translation>
    </message>
    <message>
        <source>receive %1</source>
        <translation>收到 %1</translation>
    </message>
    <message>
        <source>price %1 %2 per %3</source>
        <translation>价格 %1 %2 / %3</translation>
    </message>
    <message>
        <source>fee %1</source>
        <translation>手续费 %1</translation>
    </message>
    <message>
        <source>impact %1</source>
        <translation>影响 %1</translation>
    </message>
    <message>
        <source>hop %1 · %2 %3 · %4 → %5 · fee %6 · impact %7</source>
        <translation>第 %1 跳 · %2 %3 · %4 → %5 · 手续费 %6 · 影响 %7</translation>
    </message>
    <message>
        <source>No route: %1</source>
        <translation>无可用路由：%1</translation>
    </message>
    <message>
        <source>Each venue alone:</source>
        <translation>各交易场所单独报价：</translation>
    </message>
    <message>
        <source>unavailable: %1</source>
        <translation>不可用：%1</translation>
    </message>
    <message>
        <source>%1 %2 · price %3 · fee %4 · impact %5</source>
        <translation>%1 %2 · 价格 %3 · 手续费 %4 · 影响 %5</translation>
    </message>
</context>
<context>
    <name>OrderDesk::SafetyRails</name>
    <message>
        <source>Orders are halted: the kill switch is on. Lift it in Orders ▸ Halt orders to send orders again.</source>
        <translation>已停止下单：紧急停止已开启。在 订单 ▸ 停止下单 中解除后才能再次发送订单。</translation>
    </message>
    <message>
        <source>The market cannot value this order in USDC, so neither the confirmation threshold nor the maximum can be checked. Send it anyway?</source>
        <translation>市场无法以 USDC 为此订单估值，因此无法检查确认阈值和上限。仍要发送吗？</translation>
    </message>
    <message>
        <source>Refused: this order is worth about %1, above the maximum order notional of %2 set in the preferences.</source>
        <translation>已拒绝：此订单价值约 %1，超过首选项中设置的订单名义价值上限 %2。</translation>
    </message>
    <message>
        <source>This order is worth about %1, above the confirmation threshold of %2. Send it?</source>
        <translation>此订单价值约 %1，超过确认阈值 %2。要发送吗？</translation>
    </message>
</context>
<context>
    <name>OrderDesk::SimulationPanel</name>
    <message>
        <source>Move a price</source>
        <translation>调整价格</translation>
    </message>
    <message>
        <source>new price, quote per base</source>
        <translation>新价格，每单位基础代币的报价代币</translation>
    </message>
    <message>
        <source>Set price</source>
        <translation>设置价格</translation>
    </message>
    <message>
        <source>Venue</source>
        <translation>交易场所</translation>
    </message>
    <message>
        <source>Base</source>
        <translation>基础代币</translation>
    </message>
    <message>
        <source>Quote</source>
        <translation>报价代币</translation>
    </message>
    <message>
        <source>Now</source>
        <translation>当前</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>价格</translation>
    </message>
    <message>
        <source>Launch a token</source>
        <translation>发行代币</translation>
    </message>
    <message>
        <source>e.g. PEPE</source>
        <translation>例如 PEPE</translation>
    </message>
    <message>
        <source>both venues</source>
        <translation>两个交易场所</translation>
    </message>
    <message>
        <source>USDC on the quote side of each new pool</source>
        <translation>每个新池报价侧的 USDC 数量</translation>
    </message>
    <message>
        <source>Launch</source>
        <translation>发行</translation>
    </message>
    <message>
        <source>Symbol</source>
        <translation>代号</translation>
    </message>
    <message>
        <source>Liquidity (USDC)</source>
        <translation>流动性（USDC）</translation>
    </message>
    <message>
        <source>Choose a venue and two known tokens.</source>
        <translation>请选择一个交易场所和两个已知代币。</translation>
    </message>
    <message>
        <source>The price must be a positive number: %1</source>
        <translation>价格必须为正数：%1</translation>
    </message>
    <message>
        <source>%1 has no %2/%3 pool.</source>
        <translation>%1 没有 %2/%3 池。</translation>
    </message>
    <message>
        <source>%1 %2/%3 set to %4</source>
        <translation>%1 %2/%3 已设为 %4</translation>
    </message>
    <message>
        <source>The symbol must be 1 to 12 letters or digits.</source>
        <translation>代号必须为 1 到 12 个字母或数字。</translation>
    </message>
    <message>
        <source>The liquidity must be a positive USDC amount: %1</source>
        <translation>流动性必须为正的 USDC 数额：%1</translation>
    </message>
    <message>
        <source>%1 was not launched: the symbol is taken or its pools exist already.</source>
        <translation>%1 未能发行：代号已被占用或其池已存在。</translation>
    </message>
    <message>
        <source>%1 launched with %2 USDC of liquidity.</source>
        <translation>%1 已发行，流动性 %2 USDC。</translation>
    </message>
    <message>
        <source>%1 %2 per %3</source>
        <translation>%1 %2 每 %3</translation>
    </message>
    <message>
        <source>no pool</source>
        <translation>无池</translation>
    </message>
</context>
<context>
    <name>OrderDesk::TradingActions</name>
    <message>
        <source>&amp;Halt orders (kill switch)</source>
        <translation>停止下单（紧急停止）(&amp;H)</translation>
    </message>
    <message>
        <source>Stop this console from sending any order until switched off (Ctrl+Shift+H)</source>
        <translation>在关闭之前禁止本控制台发送任何订单 (Ctrl+Shift+H)</translation>
    </message>
    <message>
        <source>Kill switch on: this console sends no orders.</source>
        <translation>紧急停止已开启：本控制台不发送任何订单。</translation>
    </message>
    <message>
        <source>Kill switch off: orders can be sent again.</source>
        <translation>紧急停止已关闭：可以再次发送订单。</translation>
    </message>
    <message>
        <source>Cancel &amp;all waiting orders…</source>
        <translation>取消所有等待中的订单…(&amp;A)</translation>
    </message>
    <message>
        <source>Cancel every limit and sniper order still waiting for its trigger, after a confirmation</source>
        <translation>确认后取消所有仍在等待触发的限价单和狙击单</translation>
    </message>
    <message>
        <source>Cannot list the waiting orders: %1</source>
        <translation>无法列出等待中的订单：%1</translation>
    </message>
    <message>
        <source>&amp;Preferences…</source>
        <translation>首选项…(&amp;P)</translation>
    </message>
    <message>
        <source>Safety rails: confirm above %1, refuse above %2</source>
        <translation>安全限制：超过 %1 需确认，超过 %2 拒绝</translation>
    </message>
    <message>
        <source>No order is waiting: nothing to cancel.</source>
        <translation>没有等待中的订单：无需取消。</translation>
    </message>
    <message>
        <source>Cancel all waiting orders</source>
        <translation>取消所有等待中的订单</translation>
    </message>
    <message numerus="yes">
        <source>Cancel %n waiting order(s)? Orders already routing are not affected.</source>
        <translation>
            <numerusform>取消 %n 个等待中的订单？已在路由中的订单不受影响。</numerusform>
        </translation>
    </message>
    <message>
        <source>Cancel them</source>
        <translation>取消它们</translation>
    </message>
    <message>
        <source>Keep them</source>
        <translation>保留</translation>
    </message>
    <message>
        <source>Nothing cancelled.</source>
        <translation>未取消任何订单。</translation>
    </message>
    <message numerus="yes">
        <source>%n waiting order(s) cancelled</source>
        <translation>
            <numerusform>已取消 %n 个等待中的订单</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n waiting order(s) cancelled; too late for %1</source>
        <translation>
            <numerusform>已取消 %n 个等待中的订单；%1 已来不及</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>OrderDesk::WaitingOrderCanceller</name>
    <message>
        <source>The engine is not running.</source>
        <translation>引擎未运行。</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
</context>
<context>
    <name>OrderDesk::AvailableBalance</name>
    <message>
        <source>Max</source>
        <translation>最大</translation>
    </message>
    <message>
        <source>Spend everything available of the pay token</source>
        <translation>用尽支付代币的全部可用余额</translation>
    </message>
    <message>
        <source>Available: %1 %2</source>
        <translation>可用：%1 %2</translation>
    </message>
    <message>
        <source>Available: 0 %1</source>
        <translation>可用：0 %1</translation>
    </message>
</context>
<context>
    <name>OrderDesk::WalletDock</name>
    <message>
        <source>Wallet</source>
        <translation>钱包</translation>
    </message>
    <message numerus="yes">
        <source>Value %1 USDC · unrealised P&amp;L %2 · realised P&amp;L %3 · %n open reservation(s)</source>
        <translation>
            <numerusform>价值 %1 USDC · 未实现盈亏 %2 · 已实现盈亏 %3 · %n 笔未结预留</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>OrderDesk::WalletModel</name>
    <message>
        <source>Token</source>
        <translation>代币</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>总额</translation>
    </message>
    <message>
        <source>Reserved</source>
        <translation>已预留</translation>
    </message>
    <message>
        <source>Available</source>
        <translation>可用</translation>
    </message>
    <message>
        <source>Mid (USDC)</source>
        <translation>中间价 (USDC)</translation>
    </message>
    <message>
        <source>Value (USDC)</source>
        <translation>价值 (USDC)</translation>
    </message>
    <message>
        <source>Avg cost</source>
        <translation>平均成本</translation>
    </message>
    <message>
        <source>Unrealised P&amp;L</source>
        <translation>未实现盈亏</translation>
    </message>
    <message>
        <source>Realised P&amp;L</source>
        <translation>已实现盈亏</translation>
    </message>
</context>
</TS>

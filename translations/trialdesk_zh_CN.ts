<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>main</name>
    <message>
        <source>Desktop client for TrialDesk clinical studies.</source>
        <translation>TrialDesk 临床研究桌面客户端。</translation>
    </message>
    <message>
        <source>Use this user interface language for this session only: system, en or zh_CN.</source>
        <translation>仅在本次会话中使用此界面语言：system、en 或 zh_CN。</translation>
    </message>
    <message>
        <source>language</source>
        <extracomment>Placeholder for the value of --language in the --help output.</extracomment>
        <translation>语言</translation>
    </message>
    <message>
        <source>Unknown language &quot;%1&quot;. Use system, en or zh_CN.</source>
        <translation>未知语言“%1”。请使用 system、en 或 zh_CN。</translation>
    </message>
    <message>
        <source>Prefill the sign-in dialog with this server address, e.g. https://trialdesk.example.org.</source>
        <translation>在登录对话框中预填此服务器地址，例如 https://trialdesk.example.org。</translation>
    </message>
    <message>
        <source>url</source>
        <extracomment>Placeholder for the value of --server in the --help output.</extracomment>
        <translation>url</translation>
    </message>
</context>
<context>
    <name>td::AnchorDateField</name>
    <message>
        <source>Set anchor date</source>
        <translation>设置锚定日期</translation>
    </message>
    <message>
        <source>Day 0 of the questionnaire schedules anchored on the subject&apos;s date, e.g. the surgery date.</source>
        <translation>以受试者日期为锚点的问卷计划的第 0 天，例如手术日期。</translation>
    </message>
</context>
<context>
    <name>td::AnswersModel</name>
    <message>
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>No</source>
        <translation>否</translation>
    </message>
    <message>
        <source>(no answer)</source>
        <translation>（未作答）</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <source>#%1</source>
        <translation>#%1</translation>
    </message>
    <message>
        <source>Question</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>答案</translation>
    </message>
    <message>
        <source>Outside the range %1 to %2.</source>
        <translation>超出范围 %1 至 %2。</translation>
    </message>
    <message>
        <source>Below the minimum %1.</source>
        <translation>低于最小值 %1。</translation>
    </message>
    <message>
        <source>Above the maximum %1.</source>
        <translation>高于最大值 %1。</translation>
    </message>
    <message>
        <source>Not one of the question&apos;s choices.</source>
        <translation>不是该问题的选项之一。</translation>
    </message>
    <message>
        <source>Not a valid answer to this question.</source>
        <translation>不是该问题的有效答案。</translation>
    </message>
    <message>
        <source>A required question was not answered.</source>
        <translation>必答问题未作答。</translation>
    </message>
    <message>
        <source>This question is not asked for these answers.</source>
        <translation>根据这些回答，不应显示此问题。</translation>
    </message>
    <message>
        <source>Not a question of this questionnaire.</source>
        <translation>不是本问卷中的问题。</translation>
    </message>
</context>
<context>
    <name>td::ComplianceCalendarView</name>
    <message>
        <source>Compliance calendar</source>
        <translation>依从性日历</translation>
    </message>
    <message>
        <source>Missed</source>
        <translation>漏填</translation>
    </message>
    <message>
        <source>Late</source>
        <translation>迟交</translation>
    </message>
    <message>
        <source>Open now</source>
        <translation>当前可填</translation>
    </message>
    <message>
        <source>Upcoming</source>
        <translation>即将开始</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>按时收到</translation>
    </message>
    <message>
        <source>Nothing due</source>
        <translation>无需填写</translation>
    </message>
    <message numerus="yes">
        <source>Due: %n</source>
        <translation>
            <numerusform>应填：%n</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>td::DashboardPage</name>
    <message>
        <source>&amp;Study:</source>
        <translation>项目(&amp;S)：</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>刷新(&amp;R)</translation>
    </message>
    <message>
        <source>Submission rate</source>
        <translation>提交率</translation>
    </message>
    <message numerus="yes">
        <source>Daily submission rate, last %n days</source>
        <translation>
            <numerusform>近 %n 天每日提交率</numerusform>
        </translation>
    </message>
    <message>
        <source>Submitted / expected</source>
        <translation>已提交 / 应提交</translation>
    </message>
    <message>
        <source>Loading studies…</source>
        <translation>正在加载项目…</translation>
    </message>
    <message>
        <source>There are no active studies.</source>
        <translation>没有进行中的项目。</translation>
    </message>
    <message>
        <source>Loading the numbers of %1…</source>
        <translation>正在加载 %1 的统计数据…</translation>
    </message>
    <message>
        <source>Missing today</source>
        <translation>今日未提交</translation>
    </message>
    <message>
        <source>%1 / %2</source>
        <extracomment>Today&apos;s big number: %1 subjects submitted (or entries received) of %2 expected.</extracomment>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <source>%1%</source>
        <translation>%1%</translation>
    </message>
    <message numerus="yes">
        <source>%n subjects enrolled</source>
        <translation>
            <numerusform>已入组 %n 名受试者</numerusform>
        </translation>
    </message>
    <message>
        <source>Your session has expired. Sign in again, then click Refresh.</source>
        <translation>会话已过期。请重新登录，然后点击“刷新”。</translation>
    </message>
    <message>
        <source>The server cannot be reached. Check the connection, then click Refresh.</source>
        <translation>无法连接服务器。请检查网络连接，然后点击“刷新”。</translation>
    </message>
    <message>
        <source>The numbers could not be loaded: %1</source>
        <extracomment>%1 is the server&apos;s explanation (in English).</extracomment>
        <translation>无法加载统计数据：%1</translation>
    </message>
    <message>
        <source>entries received / expected so far today</source>
        <translation>今日截至目前已收到 / 应收条目</translation>
    </message>
    <message>
        <source>subjects who submitted today / enrolled</source>
        <translation>今日已提交 / 已入组受试者</translation>
    </message>
    <message>
        <source>Open, not yet received (%1) · missed today (%2)</source>
        <translation>进行中、尚未收到（%1）· 今日已错过（%2）</translation>
    </message>
    <message numerus="yes">
        <source>No submission today (%1): %n subjects have not submitted anything yet</source>
        <extracomment>%1 is today&apos;s date; the study has no questionnaire schedule.</extracomment>
        <translation>
            <numerusform>今日无提交（%1）：%n 名受试者尚未提交任何内容</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>td::DefinitionEditor</name>
    <message>
        <source>Key:</source>
        <translation>键：</translation>
    </message>
    <message>
        <source>&amp;Title (English):</source>
        <translation>标题（英文）(&amp;T)：</translation>
    </message>
    <message>
        <source>Title (&amp;Chinese):</source>
        <translation>标题（中文）(&amp;C)：</translation>
    </message>
    <message>
        <source>&amp;Add item</source>
        <translation>添加条目(&amp;A)</translation>
    </message>
    <message>
        <source>Remove item</source>
        <translation>删除条目</translation>
    </message>
    <message>
        <source>Move &amp;up</source>
        <translation>上移(&amp;U)</translation>
    </message>
    <message>
        <source>Move &amp;down</source>
        <translation>下移(&amp;D)</translation>
    </message>
    <message>
        <source>Problems:</source>
        <translation>问题：</translation>
    </message>
    <message>
        <source>Selected item</source>
        <translation>所选条目</translation>
    </message>
    <message>
        <source>Type:</source>
        <translation>类型：</translation>
    </message>
    <message>
        <source>Section:</source>
        <translation>分节：</translation>
    </message>
    <message>
        <source>Maximum length:</source>
        <translation>最大长度：</translation>
    </message>
    <message>
        <source>Shown when:</source>
        <extracomment>Condition of an item: shown only when the item chosen here has the value typed beside it.</extracomment>
        <translation>显示条件：</translation>
    </message>
    <message>
        <source>Help (English / Chinese):</source>
        <translation>帮助文字（英文 / 中文）：</translation>
    </message>
    <message>
        <source>Lowest means (English / Chinese):</source>
        <translation>最低端含义（英文 / 中文）：</translation>
    </message>
    <message>
        <source>Highest means (English / Chinese):</source>
        <translation>最高端含义（英文 / 中文）：</translation>
    </message>
    <message>
        <source>Choices:</source>
        <translation>选项：</translation>
    </message>
    <message>
        <source>Default (%1)</source>
        <translation>默认（%1）</translation>
    </message>
    <message>
        <source>value, e.g. true, 3 or a choice code</source>
        <translation>取值，例如 true、3 或选项代码</translation>
    </message>
    <message>
        <source>Add choice</source>
        <translation>添加选项</translation>
    </message>
    <message>
        <source>Remove choice</source>
        <translation>删除选项</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>代码</translation>
    </message>
    <message>
        <source>Label (English)</source>
        <translation>标签（英文）</translation>
    </message>
    <message>
        <source>Label (Chinese)</source>
        <translation>标签（中文）</translation>
    </message>
    <message>
        <source>Always shown</source>
        <translation>始终显示</translation>
    </message>
    <message>
        <source>Item %1 (%2) %3</source>
        <extracomment>A problem of one questionnaire item: %1 its number, %2 its key, %3 the field path.</extracomment>
        <translation>第 %1 条（%2）%3</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <extracomment>%1 says where (an item and field), %2 what is wrong (from the check, in English).</extracomment>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>Before publishing: %1 %2</source>
        <translation>发布前：%1 %2</translation>
    </message>
    <message numerus="yes">
        <source>%n problem(s) to fix before this draft can be saved.</source>
        <translation>
            <numerusform>保存此草稿前需修正 %n 个问题。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n text(s) still need a translation before publishing.</source>
        <translation>
            <numerusform>发布前仍有 %n 处文字需要翻译。</numerusform>
        </translation>
    </message>
    <message>
        <source>Description (English):</source>
        <translation>说明（英文）：</translation>
    </message>
    <message>
        <source>Description (Chinese):</source>
        <translation>说明（中文）：</translation>
    </message>
    <message>
        <source>Sections</source>
        <translation>分节</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>键</translation>
    </message>
    <message>
        <source>Title (English)</source>
        <translation>标题（英文）</translation>
    </message>
    <message>
        <source>Title (Chinese)</source>
        <translation>标题（中文）</translation>
    </message>
    <message>
        <source>Add section</source>
        <translation>添加分节</translation>
    </message>
    <message>
        <source>Remove section</source>
        <translation>删除分节</translation>
    </message>
</context>
<context>
    <name>td::DeliveriesModel</name>
    <message>
        <source>Pending</source>
        <translation>待发送</translation>
    </message>
    <message>
        <source>Delivered</source>
        <translation>已送达</translation>
    </message>
    <message>
        <source>Dead</source>
        <translation>已放弃</translation>
    </message>
    <message>
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <extracomment>A delivery&apos;s latency in milliseconds.</extracomment>
        <translation>%1 毫秒</translation>
    </message>
    <message>
        <source>Next attempt %1</source>
        <extracomment>%1 is when the next attempt is due.</extracomment>
        <translation>下次尝试 %1</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>事件</translation>
    </message>
    <message>
        <source>Seq</source>
        <translation>序号</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation>尝试次数</translation>
    </message>
    <message>
        <source>Last status</source>
        <translation>最近状态</translation>
    </message>
    <message>
        <source>Latency</source>
        <translation>延迟</translation>
    </message>
    <message>
        <source>Last error</source>
        <translation>最近错误</translation>
    </message>
</context>
<context>
    <name>td::DeliveryDetailsDialog</name>
    <message>
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 毫秒</translation>
    </message>
    <message>
        <source>Delivery of Event %1</source>
        <extracomment>%1 is the event&apos;s seq number.</extracomment>
        <translation>事件 %1 的投递</translation>
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
        <source>Latency</source>
        <translation>延迟</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>错误</translation>
    </message>
    <message numerus="yes">
        <source>%1 (event %2): %3 after %n attempt(s).</source>
        <extracomment>%1 the event type, %2 its seq, %3 the delivery&apos;s state, %4 the number of attempts.</extracomment>
        <translation>
            <numerusform>%1（事件 %2）：尝试 %n 次后%3。</numerusform>
        </translation>
    </message>
    <message>
        <source>Delivered %1.</source>
        <translation>已于 %1 送达。</translation>
    </message>
    <message>
        <source>Next attempt %1.</source>
        <translation>下次尝试：%1。</translation>
    </message>
    <message>
        <source>No attempt yet.</source>
        <translation>尚未尝试。</translation>
    </message>
</context>
<context>
    <name>td::EnrolDialog</name>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>Site</source>
        <translation>中心</translation>
    </message>
    <message>
        <source>Sex</source>
        <translation>性别</translation>
    </message>
    <message>
        <source>Birth year</source>
        <translation>出生年份</translation>
    </message>
    <message>
        <source>Subject ID</source>
        <translation>受试者编号</translation>
    </message>
    <message>
        <source>Enrol Subject</source>
        <translation>受试者入组</translation>
    </message>
    <message>
        <source>Enrol a subject into %1 – %2.</source>
        <extracomment>%1 is the study code, %2 its title.</extracomment>
        <translation>将受试者入组到 %1 – %2。</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>姓名(&amp;N)：</translation>
    </message>
    <message>
        <source>&amp;Phone:</source>
        <translation>电话(&amp;P)：</translation>
    </message>
    <message>
        <source>S&amp;ite:</source>
        <translation>中心(&amp;I)：</translation>
    </message>
    <message>
        <source>Se&amp;x:</source>
        <translation>性别(&amp;X)：</translation>
    </message>
    <message>
        <source>&amp;Birth year:</source>
        <translation>出生年份(&amp;B)：</translation>
    </message>
    <message>
        <source>Subject &amp;ID:</source>
        <translation>受试者编号(&amp;I)：</translation>
    </message>
    <message>
        <source>Not recorded</source>
        <translation>未记录</translation>
    </message>
    <message>
        <source>Female</source>
        <translation>女</translation>
    </message>
    <message>
        <source>Male</source>
        <translation>男</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>Optional: the server assigns one when empty</source>
        <translation>选填：留空时由服务器自动分配</translation>
    </message>
    <message>
        <source>e.g. 13812345678</source>
        <translation>例如 13812345678</translation>
    </message>
    <message>
        <source>is required</source>
        <translation>为必填项</translation>
    </message>
    <message>
        <source>is required; add sites to the study first</source>
        <translation>为必填项；请先为项目添加中心</translation>
    </message>
    <message>
        <source>Enrolling…</source>
        <translation>正在入组…</translation>
    </message>
    <message>
        <source>&amp;Enrol</source>
        <translation>入组(&amp;E)</translation>
    </message>
    <message>
        <source>The subject was not enrolled. Please correct the fields marked in red.</source>
        <translation>受试者未能入组。请更正标红的字段。</translation>
    </message>
    <message>
        <source>Your session has expired. Sign in again, then click Enrol: your entries are kept.</source>
        <translation>会话已过期。请重新登录，然后点击“入组”；已填写的内容会保留。</translation>
    </message>
    <message>
        <source>Your role may not enrol subjects.</source>
        <translation>您的角色无权入组受试者。</translation>
    </message>
    <message>
        <source>The server cannot be reached; the subject was not enrolled. Try again.</source>
        <translation>无法连接服务器，受试者未能入组。请重试。</translation>
    </message>
    <message>
        <source>The subject was not enrolled: %1</source>
        <extracomment>%1 is the server&apos;s explanation (in English).</extracomment>
        <translation>受试者未能入组：%1</translation>
    </message>
    <message>
        <source>Time zone</source>
        <translation>时区</translation>
    </message>
    <message>
        <source>Anchor date</source>
        <translation>锚定日期</translation>
    </message>
    <message>
        <source>Time &amp;zone:</source>
        <translation>时区(&amp;Z)：</translation>
    </message>
    <message>
        <source>&amp;Anchor date:</source>
        <translation>锚定日期(&amp;A)：</translation>
    </message>
    <message>
        <source>is not a known time zone, e.g. Asia/Shanghai</source>
        <translation>不是已知的时区，例如 Asia/Shanghai</translation>
    </message>
</context>
<context>
    <name>td::FormErrors</name>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>%1 %2.</source>
        <extracomment>Shown under a form field: %1 is the field&apos;s name, %2 the problem (&quot;is already in use&quot;).</extracomment>
        <translation>%1%2。</translation>
    </message>
</context>
<context>
    <name>td::IntegrationsPage</name>
    <message>
        <source>&amp;Study:</source>
        <translation>项目(&amp;S)：</translation>
    </message>
    <message>
        <source>&amp;Add…</source>
        <translation>添加(&amp;A)…</translation>
    </message>
    <message>
        <source>&amp;Edit…</source>
        <translation>编辑(&amp;E)…</translation>
    </message>
    <message>
        <source>Rotate &amp;Secret…</source>
        <translation>更换密钥(&amp;S)…</translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation>删除(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>刷新(&amp;R)</translation>
    </message>
    <message>
        <source>Delivery log of the selected webhook</source>
        <translation>所选 Webhook 的投递日志</translation>
    </message>
    <message>
        <source>S&amp;how:</source>
        <translation>显示(&amp;H)：</translation>
    </message>
    <message>
        <source>All states</source>
        <translation>所有状态</translation>
    </message>
    <message>
        <source>De&amp;tails…</source>
        <translation>详情(&amp;T)…</translation>
    </message>
    <message>
        <source>Re&amp;try</source>
        <translation>重试(&amp;T)</translation>
    </message>
    <message>
        <source>E&amp;nable</source>
        <translation>启用(&amp;N)</translation>
    </message>
    <message>
        <source>Disa&amp;ble</source>
        <translation>停用(&amp;B)</translation>
    </message>
    <message>
        <source>There are no active studies.</source>
        <translation>没有进行中的项目。</translation>
    </message>
    <message>
        <source>Only the study&apos;s project managers and administrators see and manage its webhooks.</source>
        <translation>只有该项目的项目经理和管理员可以查看和管理其 Webhook。</translation>
    </message>
    <message>
        <source>Loading webhooks…</source>
        <translation>正在加载 Webhook…</translation>
    </message>
    <message>
        <source>This study has no webhooks yet. Add one to send its events to another system.</source>
        <translation>该项目还没有 Webhook。添加一个即可把项目事件发送到其他系统。</translation>
    </message>
    <message numerus="yes">
        <source>%n webhooks.</source>
        <translation>
            <numerusform>%n 个 Webhook。</numerusform>
        </translation>
    </message>
    <message>
        <source>The webhook was added.</source>
        <translation>Webhook 已添加。</translation>
    </message>
    <message>
        <source>Rotate Secret</source>
        <translation>更换密钥</translation>
    </message>
    <message>
        <source>Give %1 a new signing secret? Requests are signed with the new one at once: the receiver must be given it, or it will refuse them.</source>
        <extracomment>%1 is the webhook&apos;s URL.</extracomment>
        <translation>要为 %1 生成新的签名密钥吗？请求会立即改用新密钥签名：必须把新密钥交给接收方，否则它会拒收。</translation>
    </message>
    <message>
        <source>Rotate</source>
        <translation>更换</translation>
    </message>
    <message>
        <source>Delete Webhook</source>
        <translation>删除 Webhook</translation>
    </message>
    <message>
        <source>Delete the webhook to %1? Its pending deliveries are not sent, and its delivery log goes with it.</source>
        <extracomment>%1 is the webhook&apos;s URL.</extracomment>
        <translation>删除发往 %1 的 Webhook？待发送的投递不会再发送，其投递日志也会一并删除。</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>The webhook was deleted.</source>
        <translation>Webhook 已删除。</translation>
    </message>
    <message>
        <source>The delivery will be attempted again.</source>
        <translation>将再次尝试投递。</translation>
    </message>
    <message>
        <source>Only the study&apos;s project managers and administrators manage its webhooks.</source>
        <translation>只有该项目的项目经理和管理员可以管理其 Webhook。</translation>
    </message>
    <message>
        <source>The webhook or delivery no longer exists. Click Refresh.</source>
        <translation>该 Webhook 或投递已不存在。请点击“刷新”。</translation>
    </message>
</context>
<context>
    <name>td::LiveIndicator</name>
    <message>
        <source>Live</source>
        <extracomment>Status bar: updates from the server arrive as they happen.</extracomment>
        <translation>实时</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>正在连接…</translation>
    </message>
    <message>
        <source>Reconnecting…</source>
        <translation>正在重新连接…</translation>
    </message>
    <message>
        <source>Signed out</source>
        <extracomment>Status bar: the server refused the session for live updates.</extracomment>
        <translation>已退出登录</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>离线</translation>
    </message>
    <message>
        <source>Last update from the server: %1</source>
        <translation>服务器最近一次更新：%1</translation>
    </message>
    <message>
        <source>No updates from the server yet.</source>
        <translation>尚未收到服务器的更新。</translation>
    </message>
    <message>
        <source>The server no longer accepts this session: sign in again for live updates.</source>
        <translation>服务器不再接受此会话：请重新登录以接收实时更新。</translation>
    </message>
    <message>
        <source>The connection to the server was lost; trying again.</source>
        <translation>与服务器的连接已断开；正在重试。</translation>
    </message>
</context>
<context>
    <name>td::LoginDialog</name>
    <message>
        <source>Sign-in cancelled.</source>
        <translation>已取消登录。</translation>
    </message>
    <message>
        <source>Session expired — TrialDesk</source>
        <translation>会话已过期 — TrialDesk</translation>
    </message>
    <message>
        <source>Sign in — TrialDesk</source>
        <translation>登录 — TrialDesk</translation>
    </message>
    <message>
        <source>Your session has expired. Enter your password to continue; nothing you were working on is lost.</source>
        <translation>会话已过期。请输入密码以继续；您正在处理的内容不会丢失。</translation>
    </message>
    <message>
        <source>Sign in to your TrialDesk server with the account you received from your study team.</source>
        <translation>请使用研究团队为您分配的账号登录 TrialDesk 服务器。</translation>
    </message>
    <message>
        <source>Server &amp;URL:</source>
        <translation>服务器地址(&amp;U)：</translation>
    </message>
    <message>
        <source>For example https://trialdesk.example.org</source>
        <translation>例如 https://trialdesk.example.org</translation>
    </message>
    <message>
        <source>User&amp;name:</source>
        <translation>用户名(&amp;N)：</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>密码(&amp;P)：</translation>
    </message>
    <message>
        <source>&amp;Sign in</source>
        <translation>登录(&amp;S)</translation>
    </message>
    <message>
        <source>The certificate of %1 is not trusted by this computer, so TrialDesk did not send your password. Ask your IT department to install your site&apos;s certificate authority.</source>
        <extracomment>%1 is the server address.</extracomment>
        <translation>此计算机不信任 %1 的证书，因此 TrialDesk 未发送您的密码。请联系 IT 部门安装本机构的证书颁发机构（CA）证书。</translation>
    </message>
    <message>
        <source>Cannot reach the server at %1. Check the address and your network connection, and that the server is running.</source>
        <extracomment>%1 is the server address.</extracomment>
        <translation>无法连接位于 %1 的服务器。请检查地址和网络连接，并确认服务器正在运行。</translation>
    </message>
    <message>
        <source>%1 answered, but it does not look like a TrialDesk server (%2). Check the address.</source>
        <extracomment>%1 is the server address, %2 the server&apos;s answer (in English).</extracomment>
        <translation>%1 有响应，但似乎不是 TrialDesk 服务器（%2）。请检查地址。</translation>
    </message>
    <message>
        <source>The username or password is wrong.</source>
        <translation>用户名或密码错误。</translation>
    </message>
    <message>
        <source>This account is locked after too many failed sign-ins. Try again in 15 minutes, or ask an administrator to unlock it.</source>
        <translation>登录失败次数过多，此账号已被锁定。请 15 分钟后再试，或请管理员解锁。</translation>
    </message>
    <message>
        <source>Too many sign-in attempts from this computer. Wait a minute, then try again.</source>
        <translation>此计算机的登录尝试次数过多。请稍等一分钟后再试。</translation>
    </message>
    <message>
        <source>The server is busy. Try again in a moment.</source>
        <translation>服务器繁忙，请稍后再试。</translation>
    </message>
    <message>
        <source>Sign-in failed: %1</source>
        <extracomment>%1 is the server&apos;s explanation (in English).</extracomment>
        <translation>登录失败：%1</translation>
    </message>
    <message>
        <source>Invalid server URL: it must start with http:// or https://.</source>
        <translation>服务器地址无效：必须以 http:// 或 https:// 开头。</translation>
    </message>
    <message>
        <source>Invalid server URL: the host name is missing (for example http://127.0.0.1:8080).</source>
        <translation>服务器地址无效：缺少主机名（例如 http://127.0.0.1:8080）。</translation>
    </message>
    <message>
        <source>Invalid server URL: &quot;%1&quot; is not a valid web address.</source>
        <extracomment>%1 is the text the user entered.</extracomment>
        <translation>服务器地址无效：“%1”不是有效的网址。</translation>
    </message>
    <message>
        <source>Connecting to %1…</source>
        <translation>正在连接 %1…</translation>
    </message>
    <message>
        <source>Signing in…</source>
        <translation>正在登录…</translation>
    </message>
</context>
<context>
    <name>td::MainWindow</name>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Settings</source>
        <translation>设置(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>System</source>
        <extracomment>Language menu entry: follow the operating system&apos;s language.</extracomment>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About TrialDesk</source>
        <translation>关于 TrialDesk(&amp;A)</translation>
    </message>
    <message>
        <source>Not connected</source>
        <translation>未连接</translation>
    </message>
    <message>
        <source>About TrialDesk</source>
        <translation>关于 TrialDesk</translation>
    </message>
    <message>
        <source>&lt;h3&gt;TrialDesk %1&lt;/h3&gt;&lt;p&gt;The desktop client for clinical studies. Research nurses, clinical research coordinators and project managers use it to work with the study data kept on a TrialDesk server.&lt;/p&gt;&lt;p&gt;Built with Qt %2.&lt;/p&gt;</source>
        <extracomment>%1 is the TrialDesk version, %2 the Qt version.</extracomment>
        <translation>&lt;h3&gt;TrialDesk %1&lt;/h3&gt;&lt;p&gt;面向临床研究的桌面客户端。研究护士、临床研究协调员（CRC）和项目经理使用它处理保存在 TrialDesk 服务器上的研究数据。&lt;/p&gt;&lt;p&gt;基于 Qt %2 构建。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Sign &amp;In…</source>
        <translation>登录(&amp;I)…</translation>
    </message>
    <message>
        <source>Sign &amp;Out</source>
        <translation>退出登录(&amp;O)</translation>
    </message>
    <message>
        <source>Studies</source>
        <translation>项目</translation>
    </message>
    <message>
        <source>Subjects</source>
        <translation>受试者</translation>
    </message>
    <message>
        <source>Review</source>
        <translation>审核</translation>
    </message>
    <message>
        <source>Vital Signs</source>
        <translation>生命体征</translation>
    </message>
    <message>
        <source>Dashboard</source>
        <translation>概览</translation>
    </message>
    <message>
        <source>administrator</source>
        <translation>管理员</translation>
    </message>
    <message>
        <source>project manager</source>
        <translation>项目经理</translation>
    </message>
    <message>
        <source>research nurse / CRC</source>
        <translation>研究护士 / CRC</translation>
    </message>
    <message>
        <source>monitor</source>
        <translation>监查员</translation>
    </message>
    <message>
        <source>Signed in as %1 (%2) — %3</source>
        <extracomment>Status bar: %1 is the user&apos;s name, %2 their role, %3 the server address.</extracomment>
        <translation>已登录：%1（%2）— %3</translation>
    </message>
    <message>
        <source>Session expired — sign in again to continue (File &gt; Sign In).</source>
        <translation>会话已过期 — 请重新登录以继续（文件 &gt; 登录）。</translation>
    </message>
    <message>
        <source>Members</source>
        <translation>成员</translation>
    </message>
    <message>
        <source>Protocol</source>
        <translation>方案</translation>
    </message>
    <message>
        <source>Integrations</source>
        <translation>集成</translation>
    </message>
</context>
<context>
    <name>td::MemberDialog</name>
    <message>
        <source>Change Membership of %1</source>
        <extracomment>%1 is the study&apos;s code.</extracomment>
        <translation>修改 %1 的成员权限</translation>
    </message>
    <message>
        <source>Add a Member to %1</source>
        <translation>为 %1 添加成员</translation>
    </message>
    <message>
        <source>Change what %1 may do in this study. It takes effect with their next request.</source>
        <translation>修改 %1 在本项目中的权限。其下一次请求起生效。</translation>
    </message>
    <message>
        <source>Give a staff account access to this study: its role here, and the sites whose subjects it may see.</source>
        <translation>授予员工账号访问本项目的权限：其在本项目中的角色，以及可查看哪些中心的受试者。</translation>
    </message>
    <message>
        <source>&amp;User name:</source>
        <translation>用户名(&amp;U)：</translation>
    </message>
    <message>
        <source>&amp;Role:</source>
        <translation>角色(&amp;R)：</translation>
    </message>
    <message>
        <source>&amp;Sites:</source>
        <translation>中心(&amp;S)：</translation>
    </message>
    <message>
        <source>All sites of the study</source>
        <translation>本项目的所有中心</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>Sites</source>
        <translation>中心</translation>
    </message>
    <message>
        <source>is required</source>
        <translation>为必填项</translation>
    </message>
    <message>
        <source>choose at least one site, or all sites</source>
        <translation>请至少选择一个中心，或选择所有中心</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>正在保存…</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <source>The membership was not saved. Please correct the fields marked in red.</source>
        <translation>成员权限未保存。请更正标红的字段。</translation>
    </message>
    <message>
        <source>is not a staff account on this server</source>
        <translation>不是本服务器上的员工账号</translation>
    </message>
    <message>
        <source>Your session has expired. Sign in again, then click Save: your entries are kept.</source>
        <translation>会话已过期。请重新登录，然后点击“保存”：已填写的内容会保留。</translation>
    </message>
    <message>
        <source>You cannot change your own membership; ask an administrator.</source>
        <translation>您不能修改自己的成员权限，请联系管理员。</translation>
    </message>
    <message>
        <source>Only the study&apos;s project managers and administrators manage its members.</source>
        <translation>只有本项目的项目经理和管理员可以管理项目成员。</translation>
    </message>
    <message>
        <source>The server cannot be reached; the membership was not saved. Try again.</source>
        <translation>无法连接服务器，成员权限未保存。请重试。</translation>
    </message>
    <message>
        <source>The membership was not saved: %1</source>
        <extracomment>%1 is the server&apos;s explanation (in English).</extracomment>
        <translation>成员权限未保存：%1</translation>
    </message>
</context>
<context>
    <name>td::MembersModel</name>
    <message>
        <source>Project manager</source>
        <translation>项目经理</translation>
    </message>
    <message>
        <source>Research nurse / CRC</source>
        <translation>研究护士 / CRC</translation>
    </message>
    <message>
        <source>Monitor</source>
        <translation>监查员</translation>
    </message>
    <message>
        <source>Added by %1</source>
        <extracomment>Tooltip of a membership&apos;s date: %1 is who added the member.</extracomment>
        <translation>由 %1 添加</translation>
    </message>
    <message>
        <source>All sites</source>
        <translation>所有中心</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <source>Role in this study</source>
        <translation>在本项目中的角色</translation>
    </message>
    <message>
        <source>Sites</source>
        <translation>中心</translation>
    </message>
    <message>
        <source>Added</source>
        <translation>添加时间</translation>
    </message>
</context>
<context>
    <name>td::MembersPage</name>
    <message>
        <source>&amp;Study:</source>
        <translation>项目(&amp;S)：</translation>
    </message>
    <message>
        <source>&amp;Add…</source>
        <translation>添加(&amp;A)…</translation>
    </message>
    <message>
        <source>&amp;Change…</source>
        <translation>修改(&amp;C)…</translation>
    </message>
    <message>
        <source>Re&amp;move</source>
        <translation>移除(&amp;M)</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>刷新(&amp;R)</translation>
    </message>
    <message>
        <source>There are no active studies.</source>
        <translation>没有进行中的项目。</translation>
    </message>
    <message>
        <source>Only the study&apos;s project managers and administrators see and manage its members.</source>
        <translation>只有本项目的项目经理和管理员可以查看和管理项目成员。</translation>
    </message>
    <message>
        <source>Loading members…</source>
        <translation>正在加载成员…</translation>
    </message>
    <message numerus="yes">
        <source>%n members.</source>
        <translation>
            <numerusform>共 %n 名成员。</numerusform>
        </translation>
    </message>
    <message>
        <source>Remove Member</source>
        <translation>移除成员</translation>
    </message>
    <message>
        <source>Remove %1 from study %2? They lose access to its data with their next request.</source>
        <extracomment>%1 is the person&apos;s name, %2 the study&apos;s code.</extracomment>
        <translation>将 %1 从项目 %2 中移除？其下一次请求起将无法访问该项目的数据。</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>The member was removed.</source>
        <translation>已移除该成员。</translation>
    </message>
    <message>
        <source>Only the study&apos;s project managers and administrators manage its members.</source>
        <translation>只有本项目的项目经理和管理员可以管理项目成员。</translation>
    </message>
</context>
<context>
    <name>td::MessageBanner</name>
    <message>
        <source>Your session has expired. Sign in again, then click Refresh.</source>
        <translation>会话已过期。请重新登录，然后点击“刷新”。</translation>
    </message>
    <message>
        <source>The server cannot be reached. Check the connection, then click Refresh.</source>
        <translation>无法连接服务器。请检查网络连接，然后点击“刷新”。</translation>
    </message>
    <message>
        <source>The server refused: %1</source>
        <extracomment>%1 is the server&apos;s explanation (in English).</extracomment>
        <translation>服务器拒绝了请求：%1</translation>
    </message>
</context>
<context>
    <name>td::MissingSubjectsModel</name>
    <message>
        <source>Never</source>
        <translation>从未提交</translation>
    </message>
    <message>
        <source>Subject ID</source>
        <translation>受试者编号</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>Last Submission</source>
        <translation>最近提交</translation>
    </message>
    <message>
        <source>No submission today</source>
        <translation>今日无提交</translation>
    </message>
    <message>
        <source>%1: missed (closed %2)</source>
        <extracomment>%1 is the questionnaire, %2 the time its window closes today.</extracomment>
        <translation>%1：已错过（%2 截止）</translation>
    </message>
    <message>
        <source>%1: open, due by %2</source>
        <extracomment>%1 is the questionnaire, %2 the time its window closes today.</extracomment>
        <translation>%1：进行中，%2 前截止</translation>
    </message>
    <message>
        <source>Today&apos;s Entry</source>
        <translation>今日条目</translation>
    </message>
</context>
<context>
    <name>td::ProjectDialog</name>
    <message>
        <source>Code</source>
        <translation>项目编号</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>项目名称</translation>
    </message>
    <message>
        <source>Phase</source>
        <translation>分期</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Sponsor</source>
        <translation>申办方</translation>
    </message>
    <message>
        <source>Principal investigator</source>
        <translation>主要研究者</translation>
    </message>
    <message>
        <source>Start date</source>
        <translation>开始日期</translation>
    </message>
    <message>
        <source>End date</source>
        <translation>结束日期</translation>
    </message>
    <message>
        <source>Target enrolment</source>
        <translation>目标入组数</translation>
    </message>
    <message>
        <source>Sites</source>
        <translation>中心</translation>
    </message>
    <message>
        <source>Edit Study %1</source>
        <translation>编辑项目 %1</translation>
    </message>
    <message>
        <source>New Study</source>
        <translation>新建项目</translation>
    </message>
    <message>
        <source>Change the study&apos;s details. The code cannot be changed.</source>
        <translation>修改项目信息。项目编号不可更改。</translation>
    </message>
    <message>
        <source>Code and title are required; everything else can be added later.</source>
        <translation>项目编号和项目名称为必填项，其他信息可稍后补充。</translation>
    </message>
    <message>
        <source>&amp;Code:</source>
        <translation>项目编号(&amp;C)：</translation>
    </message>
    <message>
        <source>&amp;Title:</source>
        <translation>项目名称(&amp;T)：</translation>
    </message>
    <message>
        <source>P&amp;hase:</source>
        <translation>分期(&amp;H)：</translation>
    </message>
    <message>
        <source>St&amp;atus:</source>
        <translation>状态(&amp;A)：</translation>
    </message>
    <message>
        <source>S&amp;ponsor:</source>
        <translation>申办方(&amp;P)：</translation>
    </message>
    <message>
        <source>Principal &amp;investigator:</source>
        <translation>主要研究者(&amp;I)：</translation>
    </message>
    <message>
        <source>Sta&amp;rt date:</source>
        <translation>开始日期(&amp;R)：</translation>
    </message>
    <message>
        <source>&amp;End date:</source>
        <translation>结束日期(&amp;E)：</translation>
    </message>
    <message>
        <source>Tar&amp;get enrolment:</source>
        <translation>目标入组数(&amp;G)：</translation>
    </message>
    <message>
        <source>Site&amp;s:</source>
        <translation>中心(&amp;S)：</translation>
    </message>
    <message>
        <source>Letters, digits, &apos;.&apos;, &apos;_&apos; or &apos;-&apos;, e.g. NCT900</source>
        <translation>字母、数字、“.”、“_”或“-”，例如 NCT900</translation>
    </message>
    <message>
        <source>One site per line</source>
        <translation>每行一个中心</translation>
    </message>
    <message>
        <source>Set</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Not set</source>
        <extracomment>Target enrolment not given.</extracomment>
        <translation>未设置</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <source>is required</source>
        <translation>为必填项</translation>
    </message>
    <message>
        <source>may only contain letters, digits, &apos;.&apos;, &apos;_&apos; and &apos;-&apos; (at most 32)</source>
        <translation>只能包含字母、数字、“.”、“_”和“-”（最多 32 个字符）</translation>
    </message>
    <message>
        <source>must not be before the start date</source>
        <translation>不能早于开始日期</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>正在保存…</translation>
    </message>
    <message>
        <source>The study was not saved. Please correct the fields marked in red.</source>
        <translation>项目未保存。请更正标红的字段。</translation>
    </message>
    <message>
        <source>Your session has expired. Sign in again, then click Save: your entries are kept.</source>
        <translation>会话已过期。请重新登录，然后点击“保存”；已填写的内容会保留。</translation>
    </message>
    <message>
        <source>Your role may not create or change studies.</source>
        <translation>您的角色无权创建或修改项目。</translation>
    </message>
    <message>
        <source>The server cannot be reached; the study was not saved. Try again.</source>
        <translation>无法连接服务器，项目未保存。请重试。</translation>
    </message>
    <message>
        <source>This study no longer exists on the server.</source>
        <translation>服务器上已不存在该项目。</translation>
    </message>
    <message>
        <source>The study was not saved: %1</source>
        <extracomment>%1 is the server&apos;s explanation (in English).</extracomment>
        <translation>项目未保存：%1</translation>
    </message>
    <message>
        <source>Time zone</source>
        <translation>时区</translation>
    </message>
    <message>
        <source>Time &amp;zone:</source>
        <translation>时区(&amp;Z)：</translation>
    </message>
    <message>
        <source>Questionnaire schedules run in this zone for subjects without one of their own.</source>
        <translation>未单独设置时区的受试者，其问卷计划按此时区执行。</translation>
    </message>
    <message>
        <source>is not a known time zone, e.g. Asia/Shanghai</source>
        <translation>不是已知的时区，例如 Asia/Shanghai</translation>
    </message>
</context>
<context>
    <name>td::ProjectTableModel</name>
    <message>
        <source>Planning</source>
        <translation>筹备中</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>进行中</translation>
    </message>
    <message>
        <source>Suspended</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <source>Completed</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>%1 / %2</source>
        <extracomment>Enrolment progress: %1 subjects enrolled of a target of %2.</extracomment>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <source>%1 (no target)</source>
        <translation>%1（无目标）</translation>
    </message>
    <message>
        <source>%1 of %2 subjects enrolled</source>
        <translation>已入组 %1 / %2 名受试者</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>项目编号</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>项目名称</translation>
    </message>
    <message>
        <source>Phase</source>
        <translation>分期</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Sites</source>
        <translation>中心</translation>
    </message>
    <message>
        <source>Enrolment</source>
        <translation>入组进度</translation>
    </message>
</context>
<context>
    <name>td::ProtocolPage</name>
    <message>
        <source>&amp;Study:</source>
        <translation>项目(&amp;S)：</translation>
    </message>
    <message>
        <source>&amp;New questionnaire…</source>
        <translation>新建问卷(&amp;N)…</translation>
    </message>
    <message>
        <source>New &amp;version</source>
        <translation>新版本(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>刷新(&amp;R)</translation>
    </message>
    <message>
        <source>Sa&amp;ve draft</source>
        <translation>保存草稿(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Discard draft</source>
        <translation>丢弃草稿(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Publish…</source>
        <translation>发布(&amp;P)…</translation>
    </message>
    <message>
        <source>Preview &amp;language:</source>
        <extracomment>Which language the preview shows the questionnaire in (the patient&apos;s).</extracomment>
        <translation>预览语言(&amp;L)：</translation>
    </message>
    <message>
        <source>%1, version %2: published, read-only</source>
        <extracomment>%1 questionnaire key, %2 version number.</extracomment>
        <translation>%1，第 %2 版：已发布，只读</translation>
    </message>
    <message>
        <source>%1, version %2: draft, read-only</source>
        <translation>%1，第 %2 版：草稿，只读</translation>
    </message>
    <message>
        <source>%1, version %2: draft, changed</source>
        <translation>%1，第 %2 版：草稿，已修改</translation>
    </message>
    <message>
        <source>%1, version %2: draft</source>
        <translation>%1，第 %2 版：草稿</translation>
    </message>
    <message>
        <source>There are no active studies.</source>
        <translation>没有进行中的项目。</translation>
    </message>
    <message>
        <source>Loading questionnaires…</source>
        <translation>正在加载问卷…</translation>
    </message>
    <message>
        <source>This study has no questionnaires yet: click New questionnaire to write one.</source>
        <translation>本项目还没有问卷：点击“新建问卷”来编写。</translation>
    </message>
    <message>
        <source>This study has no questionnaires yet.</source>
        <translation>本项目还没有问卷。</translation>
    </message>
    <message>
        <source>You can read this study&apos;s questionnaires; its project managers and administrators change them.</source>
        <translation>您可以查看本项目的问卷；由项目经理和管理员进行修改。</translation>
    </message>
    <message>
        <source>New Questionnaire</source>
        <translation>新建问卷</translation>
    </message>
    <message>
        <source>Key of the new questionnaire (letters, digits, . _ -; it never changes), e.g. weekly-sleep:</source>
        <translation>新问卷的键（字母、数字、. _ -；之后不可更改），例如 weekly-sleep：</translation>
    </message>
    <message>
        <source>Questionnaire %1 was created as a draft.</source>
        <translation>已创建问卷 %1 的草稿。</translation>
    </message>
    <message>
        <source>Version %1 of %2 is a new draft.</source>
        <translation>%2 的第 %1 版是新草稿。</translation>
    </message>
    <message>
        <source>Fix the problems listed beside the items first.</source>
        <translation>请先修正条目旁列出的问题。</translation>
    </message>
    <message>
        <source>The server found problems in this draft: see the list.</source>
        <translation>服务器在此草稿中发现问题：请查看列表。</translation>
    </message>
    <message>
        <source>The draft was saved.</source>
        <translation>草稿已保存。</translation>
    </message>
    <message>
        <source>Discard Draft</source>
        <translation>丢弃草稿</translation>
    </message>
    <message>
        <source>Discard draft version %1 of %2? Its changes are lost.</source>
        <extracomment>%1 version number, %2 questionnaire key.</extracomment>
        <translation>丢弃 %2 的第 %1 版草稿？其修改将丢失。</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>丢弃</translation>
    </message>
    <message>
        <source>The draft was discarded.</source>
        <translation>草稿已丢弃。</translation>
    </message>
    <message>
        <source>Every text needs both languages before publishing: see the list.</source>
        <translation>发布前每处文字都需要中英文两种语言：请查看列表。</translation>
    </message>
    <message>
        <source>Publish Questionnaire</source>
        <translation>发布问卷</translation>
    </message>
    <message>
        <source>Publish version %1 of %2 (%3)? Once published it cannot be changed: changes then need a new version. Patients&apos; answers are checked against it from now on.</source>
        <extracomment>%1 version number, %2 questionnaire key, %3 its title.</extracomment>
        <translation>发布 %2（%3）的第 %1 版？发布后不可更改：之后的修改需要新版本。从现在起，患者的回答将按此版本校验。</translation>
    </message>
    <message>
        <source>Approved for use in the study</source>
        <translation>批准在本项目中使用</translation>
    </message>
    <message>
        <source>Version %1 of %2 is published.</source>
        <translation>%2 的第 %1 版已发布。</translation>
    </message>
    <message>
        <source>The password is not correct. Nothing was published.</source>
        <translation>密码不正确。未发布任何内容。</translation>
    </message>
    <message>
        <source>Only the study&apos;s project managers and administrators change its questionnaires.</source>
        <translation>只有本项目的项目经理和管理员可以修改其问卷。</translation>
    </message>
    <message>
        <source>This study already has a questionnaire with that key.</source>
        <translation>本项目已有使用该键的问卷。</translation>
    </message>
    <message>
        <source>This questionnaire has a draft already: edit or discard it first.</source>
        <translation>此问卷已有草稿：请先编辑或丢弃该草稿。</translation>
    </message>
    <message>
        <source>This version was published meanwhile and cannot change. Click Refresh.</source>
        <translation>此版本已在此期间发布，不能再修改。请点击“刷新”。</translation>
    </message>
    <message>
        <source>Questions</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>Schedule</source>
        <translation>计划</translation>
    </message>
    <message>
        <source>Questions *</source>
        <translation>问题 *</translation>
    </message>
    <message>
        <source>Schedule *</source>
        <translation>计划 *</translation>
    </message>
    <message>
        <source>Unsaved Changes</source>
        <translation>未保存的更改</translation>
    </message>
    <message>
        <source>The changes to %1 are not saved. Save them first?</source>
        <extracomment>%1 questionnaire key.</extracomment>
        <translation>对 %1 的更改尚未保存。是否先保存？</translation>
    </message>
</context>
<context>
    <name>td::QuestionnaireItemsModel</name>
    <message>
        <source>Whole number</source>
        <translation>整数</translation>
    </message>
    <message>
        <source>Decimal number</source>
        <translation>小数</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>文本</translation>
    </message>
    <message>
        <source>Yes / no</source>
        <translation>是 / 否</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Single choice</source>
        <translation>单选</translation>
    </message>
    <message>
        <source>Multiple choice</source>
        <translation>多选</translation>
    </message>
    <message>
        <source>Rating scale</source>
        <translation>数字评分量表</translation>
    </message>
    <message>
        <source>Visual analogue scale</source>
        <translation>视觉模拟量表</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>键</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Required</source>
        <translation>必填</translation>
    </message>
    <message>
        <source>Min</source>
        <translation>最小值</translation>
    </message>
    <message>
        <source>Max</source>
        <translation>最大值</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <source>Label (English)</source>
        <translation>标签（英文）</translation>
    </message>
    <message>
        <source>Label (Chinese)</source>
        <translation>标签（中文）</translation>
    </message>
</context>
<context>
    <name>td::QuestionnairePreview</name>
    <message>
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>No</source>
        <translation>否</translation>
    </message>
    <message>
        <source>not answered</source>
        <extracomment>Shown beside a slider the patient has not moved yet.</extracomment>
        <translation>未回答</translation>
    </message>
    <message>
        <source>(required)</source>
        <extracomment>Marks an item the patient must answer.</extracomment>
        <translation>（必填）</translation>
    </message>
    <message>
        <source>Clear</source>
        <extracomment>A button beside a date or time answer: makes it unanswered again.</extracomment>
        <translation>清除</translation>
    </message>
</context>
<context>
    <name>td::QuestionnaireVersionsModel</name>
    <message>
        <source>Signed: %1</source>
        <extracomment>Tooltip of the publisher: %1 is the meaning they gave their signature.</extracomment>
        <translation>签名含义：%1</translation>
    </message>
    <message>
        <source>Published</source>
        <translation>已发布</translation>
    </message>
    <message>
        <source>Draft</source>
        <translation>草稿</translation>
    </message>
    <message>
        <source>Questionnaire</source>
        <translation>问卷</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Published by</source>
        <translation>发布人</translation>
    </message>
    <message>
        <source>Content hash</source>
        <translation>内容哈希</translation>
    </message>
    <message>
        <source>Published on</source>
        <extracomment>Column header: when a version was published.</extracomment>
        <translation>发布时间</translation>
    </message>
</context>
<context>
    <name>td::ReviewActionBar</name>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>Mark &amp;reviewed</source>
        <translation>标记为已审核(&amp;R)</translation>
    </message>
    <message>
        <source>Raise &amp;query…</source>
        <translation>发起质疑(&amp;Q)…</translation>
    </message>
    <message>
        <source>Query &amp;answered</source>
        <translation>质疑已回复(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Close query</source>
        <translation>关闭质疑(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Sign…</source>
        <translation>签名(&amp;S)…</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>下一条</translation>
    </message>
    <message>
        <source>Previous</source>
        <translation>上一条</translation>
    </message>
    <message>
        <source>Reload</source>
        <translation>重新加载</translation>
    </message>
    <message>
        <source>Keys: J/K or Down/Up move, R mark reviewed, Q raise a query, A/C query answered/closed, S sign.</source>
        <translation>快捷键：J/K 或 下/上方向键 移动，R 标记为已审核，Q 发起质疑，A/C 质疑已回复/关闭质疑，S 签名。</translation>
    </message>
    <message>
        <source>Keys: J/K or Down/Up move.</source>
        <translation>快捷键：J/K 或 下/上方向键 移动。</translation>
    </message>
</context>
<context>
    <name>td::ReviewFilterBar</name>
    <message>
        <source>S&amp;tudy:</source>
        <translation>项目(&amp;T)：</translation>
    </message>
    <message>
        <source>Q&amp;uestionnaire:</source>
        <translation>问卷(&amp;U)：</translation>
    </message>
    <message>
        <source>Stat&amp;us:</source>
        <translation>状态(&amp;U)：</translation>
    </message>
    <message>
        <source>All questionnaires</source>
        <translation>全部问卷</translation>
    </message>
    <message>
        <source>&amp;From</source>
        <translation>从(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;To</source>
        <translation>至(&amp;T)</translation>
    </message>
    <message>
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>Pending</source>
        <translation>待审核</translation>
    </message>
    <message>
        <source>Reviewed</source>
        <translation>已审核</translation>
    </message>
    <message>
        <source>Queried</source>
        <translation>已质疑</translation>
    </message>
</context>
<context>
    <name>td::ReviewPage</name>
    <message>
        <source>%1 submissions shown, more as you scroll</source>
        <translation>已显示 %1 条提交记录，滚动可加载更多</translation>
    </message>
    <message numerus="yes">
        <source>%n submission(s)</source>
        <translation>
            <numerusform>%n 条提交记录</numerusform>
        </translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <source>Loading studies…</source>
        <translation>正在加载项目…</translation>
    </message>
    <message>
        <source>No active studies.</source>
        <translation>没有进行中的项目。</translation>
    </message>
    <message>
        <source>Submission %1 marked reviewed.</source>
        <translation>提交记录 %1 已标记为已审核。</translation>
    </message>
    <message>
        <source>Raise query</source>
        <translation>发起质疑</translation>
    </message>
    <message>
        <source>What should subject %1 or the site clarify about submission %2?</source>
        <translation>受试者 %1 或中心需要就提交记录 %2 澄清什么？</translation>
    </message>
    <message>
        <source>A query needs a comment saying what to clarify.</source>
        <translation>发起质疑时须填写备注，说明需要澄清的内容。</translation>
    </message>
    <message>
        <source>Query raised on submission %1.</source>
        <translation>已对提交记录 %1 发起质疑。</translation>
    </message>
    <message>
        <source>Query on submission %1 closed.</source>
        <translation>提交记录 %1 的质疑已关闭。</translation>
    </message>
    <message>
        <source>Query on submission %1 marked answered.</source>
        <translation>提交记录 %1 的质疑已标记为已回复。</translation>
    </message>
    <message>
        <source>Submission %1 of subject %2 is signed. Changing its review needs a new signature.</source>
        <translation>受试者 %2 的提交记录 %1 已签名。更改其审核状态需要重新签名。</translation>
    </message>
    <message>
        <source>Sign submission %1 of subject %2 (%3, submitted %4).</source>
        <translation>签署受试者 %2 的提交记录 %1（%3，提交于 %4）。</translation>
    </message>
    <message>
        <source>Submission %1 signed: %2.</source>
        <translation>提交记录 %1 已签名：%2。</translation>
    </message>
    <message>
        <source>This submission has an open query: mark the query answered or closed before marking it reviewed.</source>
        <translation>该提交记录有未解决的质疑：请先将质疑标记为已回复或关闭，再标记为已审核。</translation>
    </message>
    <message>
        <source>Only a reviewed submission can be signed: mark it reviewed first.</source>
        <translation>只能签署已审核的提交记录：请先将其标记为已审核。</translation>
    </message>
    <message>
        <source>The password is not correct. Nothing was signed.</source>
        <translation>密码不正确，未进行签名。</translation>
    </message>
    <message>
        <source>This submission is already signed.</source>
        <translation>该提交记录已签名。</translation>
    </message>
    <message>
        <source>This submission is signed: changing its review needs a new signature.</source>
        <translation>该提交记录已签名：更改其审核状态需要重新签名。</translation>
    </message>
    <message>
        <source>This submission has no open query to resolve.</source>
        <translation>该提交记录没有待解决的质疑。</translation>
    </message>
    <message>
        <source>Your account may not do this: %1</source>
        <translation>您的账号无权执行此操作：%1</translation>
    </message>
    <message>
        <source>No answer from the server: %1</source>
        <translation>服务器无响应：%1</translation>
    </message>
    <message>
        <source>The server refused: %1</source>
        <translation>服务器拒绝了请求：%1</translation>
    </message>
</context>
<context>
    <name>td::ScheduleEditor</name>
    <message>
        <source>Repeats</source>
        <translation>重复</translation>
    </message>
    <message>
        <source>Opens at</source>
        <translation>开放时间</translation>
    </message>
    <message>
        <source>On</source>
        <translation>星期</translation>
    </message>
    <message>
        <source>On days</source>
        <translation>天数</translation>
    </message>
    <message>
        <source>Window</source>
        <translation>填写窗口</translation>
    </message>
    <message>
        <source>Counted from</source>
        <translation>起算日期</translation>
    </message>
    <message>
        <source>First day</source>
        <translation>第一天</translation>
    </message>
    <message>
        <source>Last day</source>
        <translation>最后一天</translation>
    </message>
    <message>
        <source>Every day</source>
        <translation>每天</translation>
    </message>
    <message>
        <source>Every week on chosen days</source>
        <translation>每周选定的日子</translation>
    </message>
    <message>
        <source>On listed days after the anchor</source>
        <translation>起算日后的指定天数</translation>
    </message>
    <message>
        <source>Once</source>
        <translation>一次</translation>
    </message>
    <message>
        <source>Days after the anchor date, separated by commas: 0 is the anchor date itself.</source>
        <translation>起算日之后的天数，用逗号分隔：0 表示起算日当天。</translation>
    </message>
    <message>
        <source> min</source>
        <translation> 分钟</translation>
    </message>
    <message>
        <source>How long the questionnaire can be filled in after it opens, in minutes.</source>
        <translation>问卷开放后可填写的时长（分钟）。</translation>
    </message>
    <message>
        <source>Enrolment date</source>
        <translation>入组日期</translation>
    </message>
    <message>
        <source>The subject&apos;s own date (e.g. surgery)</source>
        <translation>受试者自己的日期（如手术日）</translation>
    </message>
    <message>
        <source>day </source>
        <translation>第 </translation>
    </message>
    <message>
        <source>until</source>
        <translation>截至</translation>
    </message>
    <message>
        <source>Without a last day, entries continue until the study&apos;s end date.</source>
        <translation>如不设最后一天，将持续到研究结束日期。</translation>
    </message>
    <message>
        <source>Schedule preview</source>
        <translation>计划预览</translation>
    </message>
    <message>
        <source>The schedule has problems; see the marked fields.</source>
        <translation>计划有问题，请查看标出的字段。</translation>
    </message>
    <message>
        <source>The server did not accept the schedule.</source>
        <translation>服务器未接受该计划。</translation>
    </message>
    <message>
        <source>On day</source>
        <translation>在第几天</translation>
    </message>
    <message numerus="yes">
        <source>Choose a subject to preview their next %n days.</source>
        <translation>
            <numerusform>请选择一位受试者，预览其接下来 %n 天。</numerusform>
        </translation>
    </message>
    <message>
        <source>Correct the schedule to see its preview.</source>
        <translation>请先修正计划以查看预览。</translation>
    </message>
    <message numerus="yes">
        <source>Next %n days for %1 (%2)</source>
        <translation>
            <numerusform>%1 接下来 %n 天（%2）</numerusform>
        </translation>
    </message>
    <message>
        <source>Day %1 · %2, %3 to %4</source>
        <translation>第 %1 天 · %2，%3 至 %4</translation>
    </message>
    <message>
        <source>Nothing is due in these days.</source>
        <translation>这些天内无需填写。</translation>
    </message>
    <message>
        <source>Reminders</source>
        <translation>提醒</translation>
    </message>
    <message>
        <source>Second reminder</source>
        <translation>第二次提醒</translation>
    </message>
    <message>
        <source>Staff alert</source>
        <translation>人员警报</translation>
    </message>
    <message>
        <source>remind the subject when the questionnaire opens</source>
        <translation>问卷开放时提醒受试者</translation>
    </message>
    <message>
        <source>after </source>
        <translation>在 </translation>
    </message>
    <message>
        <source> min without an answer</source>
        <translation> 分钟后仍未填写</translation>
    </message>
    <message>
        <source>none</source>
        <translation>不发送</translation>
    </message>
    <message>
        <source>A second reminder if nothing was received this long after the questionnaire opened; 0: no second reminder.</source>
        <translation>问卷开放后这么久仍未收到填写时，再提醒一次；0：不发送第二次提醒。</translation>
    </message>
    <message>
        <source> missed in a row</source>
        <translation> 次连续缺失后</translation>
    </message>
    <message>
        <source>never</source>
        <translation>从不</translation>
    </message>
    <message>
        <source>Staff are alerted (a subject.alert event) when a subject misses this many entries in a row; 0: never.</source>
        <translation>受试者连续缺失这么多次填写时提醒研究人员（subject.alert 事件）；0：从不。</translation>
    </message>
</context>
<context>
    <name>td::SchedulePanel</name>
    <message>
        <source>Preview for:</source>
        <translation>预览对象：</translation>
    </message>
    <message>
        <source>Save Schedule</source>
        <translation>保存计划</translation>
    </message>
    <message>
        <source>Remove Schedule</source>
        <translation>删除计划</translation>
    </message>
    <message>
        <source>Choose a questionnaire to see when it is due.</source>
        <translation>请选择一份问卷以查看其填写时间。</translation>
    </message>
    <message>
        <source>%1 has no schedule: nothing is expected of the subjects until one is saved.</source>
        <translation>%1 没有计划：保存计划之前，不要求受试者填写。</translation>
    </message>
    <message>
        <source>%1: the schedule has unsaved changes.</source>
        <translation>%1：计划有未保存的更改。</translation>
    </message>
    <message>
        <source>%1 is due as below, for every subject of the study.</source>
        <translation>%1 按以下计划由本研究的每位受试者填写。</translation>
    </message>
    <message>
        <source>Schedule removed: nothing is expected for this questionnaire now.</source>
        <translation>计划已删除：现在不要求填写此问卷。</translation>
    </message>
    <message>
        <source>The server said: %1</source>
        <translation>服务器返回：%1</translation>
    </message>
    <message>
        <source>Schedule saved. Compliance and patients&apos; tasks follow it from now on.</source>
        <translation>计划已保存。依从性和患者任务从现在起按此计划计算。</translation>
    </message>
</context>
<context>
    <name>td::ScheduleSettingsDialog</name>
    <message>
        <source>Time zone</source>
        <translation>时区</translation>
    </message>
    <message>
        <source>Anchor date</source>
        <translation>锚定日期</translation>
    </message>
    <message>
        <source>Schedule Settings</source>
        <translation>计划设置</translation>
    </message>
    <message>
        <source>When the questionnaires of %1 are due. Its submissions so far are matched again to the changed schedule.</source>
        <extracomment>%1 is the subject id.</extracomment>
        <translation>%1 的问卷何时到期。其已有的提交将按更改后的计划重新匹配。</translation>
    </message>
    <message>
        <source>Time &amp;zone:</source>
        <translation>时区(&amp;Z)：</translation>
    </message>
    <message>
        <source>&amp;Anchor date:</source>
        <translation>锚定日期(&amp;A)：</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>正在保存…</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <source>is not a known time zone, e.g. Asia/Shanghai</source>
        <translation>不是已知的时区，例如 Asia/Shanghai</translation>
    </message>
    <message>
        <source>Nothing was changed. Please correct the fields marked in red.</source>
        <translation>未做任何更改。请更正标红的字段。</translation>
    </message>
    <message>
        <source>Your session has expired. Sign in again, then click Save: your entries are kept.</source>
        <translation>您的会话已过期。请重新登录后点击“保存”：您填写的内容会保留。</translation>
    </message>
    <message>
        <source>Your role may not change subjects.</source>
        <translation>您的角色无权修改受试者。</translation>
    </message>
    <message>
        <source>The server cannot be reached; nothing was changed. Try again.</source>
        <translation>无法连接服务器；未做任何更改。请重试。</translation>
    </message>
    <message>
        <source>Nothing was changed: %1</source>
        <extracomment>%1 is the server&apos;s explanation (in English).</extracomment>
        <translation>未做任何更改：%1</translation>
    </message>
</context>
<context>
    <name>td::SignDialog</name>
    <message>
        <source>Sign submission</source>
        <translation>签署提交记录</translation>
    </message>
    <message>
        <source>Sign</source>
        <translation>签名</translation>
    </message>
    <message>
        <source>Your password is checked again: this electronic signature is the legally binding equivalent of your handwritten signature.</source>
        <translation>系统将再次验证您的密码：此电子签名与您的手写签名具有同等法律效力。</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>密码(&amp;P)：</translation>
    </message>
    <message>
        <source>&amp;Meaning:</source>
        <translation>签名含义(&amp;M)：</translation>
    </message>
    <message>
        <source>Reviewed and approved</source>
        <translation>已审核并批准</translation>
    </message>
</context>
<context>
    <name>td::StudiesPage</name>
    <message>
        <source>Search by code or title…</source>
        <translation>按项目编号或名称搜索…</translation>
    </message>
    <message>
        <source>All statuses</source>
        <translation>全部状态</translation>
    </message>
    <message>
        <source>&amp;New Study…</source>
        <translation>新建项目(&amp;N)…</translation>
    </message>
    <message>
        <source>&amp;Edit…</source>
        <translation>编辑(&amp;E)…</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>刷新(&amp;R)</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>重试</translation>
    </message>
    <message>
        <source>Load More</source>
        <translation>加载更多</translation>
    </message>
    <message>
        <source>Loading studies…</source>
        <translation>正在加载项目…</translation>
    </message>
    <message numerus="yes">
        <source>%n studies loaded; loading more…</source>
        <translation>
            <numerusform>已加载 %n 个项目，正在加载更多…</numerusform>
        </translation>
    </message>
    <message>
        <source>Loading stopped.</source>
        <translation>已停止加载。</translation>
    </message>
    <message>
        <source>No studies match.</source>
        <translation>没有匹配的项目。</translation>
    </message>
    <message numerus="yes">
        <source>%n studies loaded; scroll down for more.</source>
        <translation>
            <numerusform>已加载 %n 个项目，向下滚动可加载更多。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n studies.</source>
        <translation>
            <numerusform>共 %n 个项目。</numerusform>
        </translation>
    </message>
    <message>
        <source>Your session has expired. Sign in again, then click Retry.</source>
        <translation>会话已过期。请重新登录，然后点击“重试”。</translation>
    </message>
    <message>
        <source>The server cannot be reached. Check the connection, then click Retry.</source>
        <translation>无法连接服务器。请检查网络连接，然后点击“重试”。</translation>
    </message>
    <message>
        <source>The studies could not be loaded: %1</source>
        <extracomment>%1 is the server&apos;s explanation (in English).</extracomment>
        <translation>无法加载项目：%1</translation>
    </message>
</context>
<context>
    <name>td::StudyChooser</name>
    <message>
        <source>%1 – %2</source>
        <extracomment>A study in the selector: %1 is its code, %2 its title.</extracomment>
        <translation>%1 – %2</translation>
    </message>
</context>
<context>
    <name>td::SubjectCompliancePanel</name>
    <message>
        <source>Compliance calendar</source>
        <translation>依从性日历</translation>
    </message>
    <message>
        <source>Choose a subject to see what was due and what came in.</source>
        <translation>请选择一位受试者，查看应填与已收到的内容。</translation>
    </message>
    <message>
        <source>Compliance of %1</source>
        <translation>%1 的依从性</translation>
    </message>
    <message>
        <source>Could not load the entries: %1</source>
        <translation>无法加载填写记录：%1</translation>
    </message>
    <message>
        <source>Compliance of %1 (days in %2)</source>
        <translation>%1 的依从性（按 %2 时区计日）</translation>
    </message>
    <message>
        <source>Nothing was due in these days: the study has no schedule for this subject yet.</source>
        <translation>这些天内无需填写：本研究尚未为该受试者设置计划。</translation>
    </message>
    <message>
        <source>%1 of %2 closed entries on time, %3 late, %4 missed.</source>
        <translation>已截止的 %2 次中按时 %1 次，迟交 %3 次，漏填 %4 次。</translation>
    </message>
</context>
<context>
    <name>td::SubjectTableModel</name>
    <message>
        <source>Never</source>
        <translation>从未提交</translation>
    </message>
    <message>
        <source>Submitted</source>
        <translation>已提交</translation>
    </message>
    <message>
        <source>Missing</source>
        <translation>未提交</translation>
    </message>
    <message>
        <source>Phone: %1</source>
        <translation>电话：%1</translation>
    </message>
    <message>
        <source>Subject ID</source>
        <translation>受试者编号</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Site</source>
        <translation>中心</translation>
    </message>
    <message>
        <source>Enrolled</source>
        <translation>入组时间</translation>
    </message>
    <message>
        <source>Last Submission</source>
        <translation>最近提交</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>今日</translation>
    </message>
    <message>
        <source>—</source>
        <extracomment>Today column: nothing is due today.</extracomment>
        <translation>—</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>已收到</translation>
    </message>
    <message>
        <source>Late</source>
        <translation>迟交</translation>
    </message>
    <message>
        <source>Open (due by %1)</source>
        <extracomment>%1 is the time today&apos;s entry window closes.</extracomment>
        <translation>进行中（%1 前截止）</translation>
    </message>
    <message>
        <source>Missed</source>
        <translation>已错过</translation>
    </message>
    <message>
        <source>Upcoming (opens %1)</source>
        <extracomment>%1 is the time today&apos;s entry window opens.</extracomment>
        <translation>即将开始（%1 开放）</translation>
    </message>
</context>
<context>
    <name>td::SubjectTokenDialog</name>
    <message>
        <source>Subject Token</source>
        <translation>受试者令牌</translation>
    </message>
    <message>
        <source>New token for subject %1. The previous token no longer works. Let the patient scan the code with the app, or give them the text.</source>
        <translation>已为受试者 %1 生成新令牌，原令牌已失效。请让患者用 App 扫描二维码，或将文本提供给患者。</translation>
    </message>
    <message>
        <source>Subject %1 is enrolled. Let the patient scan the code with the app, or give them the text.</source>
        <translation>受试者 %1 已入组。请让患者用 App 扫描二维码，或将文本提供给患者。</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>复制(&amp;C)</translation>
    </message>
    <message>
        <source>This token is shown only once. If it is lost, re-issue a new one.</source>
        <translation>此令牌仅显示一次。如果遗失，请重新签发。</translation>
    </message>
    <message>
        <source>Copied</source>
        <translation>已复制</translation>
    </message>
</context>
<context>
    <name>td::SubjectsPage</name>
    <message>
        <source>&amp;Study:</source>
        <translation>项目(&amp;S)：</translation>
    </message>
    <message>
        <source>&amp;Enrol…</source>
        <translation>入组(&amp;E)…</translation>
    </message>
    <message>
        <source>Re-issue &amp;Token…</source>
        <translation>重新签发令牌(&amp;T)…</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>刷新(&amp;R)</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>重试</translation>
    </message>
    <message>
        <source>Loading studies…</source>
        <translation>正在加载项目…</translation>
    </message>
    <message>
        <source>There are no active studies.</source>
        <translation>没有进行中的项目。</translation>
    </message>
    <message>
        <source>Loading subjects…</source>
        <translation>正在加载受试者…</translation>
    </message>
    <message numerus="yes">
        <source>%n subjects loaded; loading more…</source>
        <translation>
            <numerusform>已加载 %n 名受试者，正在加载更多…</numerusform>
        </translation>
    </message>
    <message>
        <source>No subjects are enrolled in this study yet.</source>
        <translation>该项目尚无受试者入组。</translation>
    </message>
    <message numerus="yes">
        <source>%n subjects loaded; scroll down for more.</source>
        <translation>
            <numerusform>已加载 %n 名受试者，向下滚动可加载更多。</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 subjects, %2 missing today.</source>
        <extracomment>%1 is the number of subjects, %2 how many of them have not submitted today.</extracomment>
        <translation>共 %1 名受试者，今日 %2 名未提交。</translation>
    </message>
    <message>
        <source>Your session has expired. Sign in again, then click Refresh.</source>
        <translation>会话已过期。请重新登录，然后点击“刷新”。</translation>
    </message>
    <message>
        <source>Your role may not do this.</source>
        <translation>您的角色无权执行此操作。</translation>
    </message>
    <message>
        <source>The server cannot be reached. Check the connection, then click Refresh.</source>
        <translation>无法连接服务器。请检查网络连接，然后点击“刷新”。</translation>
    </message>
    <message>
        <source>The server refused: %1</source>
        <extracomment>%1 is the server&apos;s explanation (in English).</extracomment>
        <translation>服务器拒绝了请求：%1</translation>
    </message>
    <message>
        <source>Re-issue Token</source>
        <translation>重新签发令牌</translation>
    </message>
    <message>
        <source>Issue a new token for subject %1 (%2)? The token the patient&apos;s app uses now stops working at once.</source>
        <translation>要为受试者 %1（%2）签发新令牌吗？患者 App 当前使用的令牌将立即失效。</translation>
    </message>
    <message>
        <source>Re-issue</source>
        <translation>重新签发</translation>
    </message>
    <message>
        <source>No new token was issued for %1: %2</source>
        <extracomment>%1 is the subject id, %2 why it failed.</extracomment>
        <translation>未能为 %1 签发新令牌：%2</translation>
    </message>
    <message>
        <source>Sc&amp;hedule Settings…</source>
        <translation>计划设置(&amp;H)…</translation>
    </message>
    <message>
        <source>%1 subjects, %2 open or missed today.</source>
        <extracomment>%1 is the number of subjects, %2 how many have an entry today open and not yet received, or missed.</extracomment>
        <translation>%1 名受试者，今日 %2 名进行中或已错过。</translation>
    </message>
</context>
<context>
    <name>td::SubmissionDetailsPanel</name>
    <message>
        <source>Select a submission to see its answers.</source>
        <translation>选择一条提交记录以查看其答案。</translation>
    </message>
    <message>
        <source>Submission %1 · subject %2 · %3</source>
        <translation>提交记录 %1 · 受试者 %2 · %3</translation>
    </message>
    <message>
        <source>(no questionnaire)</source>
        <translation>（无问卷）</translation>
    </message>
    <message>
        <source>Submitted %1, received %2</source>
        <translation>提交于 %1，接收于 %2</translation>
    </message>
    <message>
        <source>Review: %1</source>
        <translation>审核：%1</translation>
    </message>
    <message>
        <source> by %1 on %2</source>
        <translation>（%1，%2）</translation>
    </message>
    <message>
        <source>Query: %1 – “%2”</source>
        <translation>质疑：%1 – “%2”</translation>
    </message>
    <message>
        <source>Comment: %1</source>
        <translation>备注：%1</translation>
    </message>
    <message>
        <source>Signed by %1 on %2: %3</source>
        <translation>由 %1 于 %2 签名：%3</translation>
    </message>
    <message>
        <source>Entry: duplicate – the entry was already fulfilled; stored, but not counted</source>
        <translation>条目：重复——该条目已完成；已保存，但不计入</translation>
    </message>
    <message>
        <source>Entry: unscheduled – no entry was due or open when it was filled in</source>
        <translation>条目：计划外——填写时没有到期或开放的条目</translation>
    </message>
    <message>
        <source>Entry: %1 (day %2)</source>
        <extracomment>%1 is Received or Late, %2 the entry&apos;s day number in the schedule.</extracomment>
        <translation>条目：%1（第 %2 天）</translation>
    </message>
</context>
<context>
    <name>td::SubmissionQueueModel</name>
    <message>
        <source>Pending</source>
        <translation>待审核</translation>
    </message>
    <message>
        <source>Reviewed</source>
        <translation>已审核</translation>
    </message>
    <message>
        <source>Queried</source>
        <translation>已质疑</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>待解决</translation>
    </message>
    <message>
        <source>Answered</source>
        <translation>已回复</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>已关闭</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <source>Signed</source>
        <translation>已签名</translation>
    </message>
    <message>
        <source>Signed by %1 on %2: %3</source>
        <translation>由 %1 于 %2 签名：%3</translation>
    </message>
    <message>
        <source>Received %1</source>
        <translation>接收于 %1</translation>
    </message>
    <message>
        <source>Submitted</source>
        <translation>提交时间</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>受试者</translation>
    </message>
    <message>
        <source>Questionnaire</source>
        <translation>问卷</translation>
    </message>
    <message>
        <source>Review</source>
        <translation>审核</translation>
    </message>
    <message>
        <source>Query</source>
        <translation>质疑</translation>
    </message>
    <message>
        <source>Signature</source>
        <translation>签名</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>已收到</translation>
    </message>
    <message>
        <source>Late</source>
        <translation>迟交</translation>
    </message>
    <message>
        <source>Duplicate</source>
        <translation>重复</translation>
    </message>
    <message>
        <source>Unscheduled</source>
        <translation>计划外</translation>
    </message>
    <message>
        <source>⚠ %1</source>
        <extracomment>The Entry column flags what needs a reviewer&apos;s look with a warning sign.</extracomment>
        <translation>⚠ %1</translation>
    </message>
    <message>
        <source>Entry of day %1 was already fulfilled: stored, but not counted.</source>
        <translation>第 %1 天的条目已完成：已保存，但不计入。</translation>
    </message>
    <message>
        <source>The entry was already fulfilled: stored, but not counted.</source>
        <translation>该条目已完成：已保存，但不计入。</translation>
    </message>
    <message>
        <source>No entry of the schedule was due or open when this was filled in.</source>
        <translation>填写时计划中没有到期或开放的条目。</translation>
    </message>
    <message>
        <source>Entry of day %1</source>
        <translation>第 %1 天的条目</translation>
    </message>
    <message>
        <source>Entry</source>
        <translation>条目</translation>
    </message>
</context>
<context>
    <name>td::TimeZoneCombo</name>
    <message>
        <source>Study&apos;s zone (%1)</source>
        <extracomment>The subject follows its study&apos;s time zone; %1 is that zone&apos;s id, e.g. Asia/Shanghai.</extracomment>
        <translation>研究所在时区（%1）</translation>
    </message>
</context>
<context>
    <name>td::VitalsChartView</name>
    <message>
        <source>Normal range</source>
        <translation>正常范围</translation>
    </message>
    <message>
        <source>Normal diastolic</source>
        <translation>舒张压正常范围</translation>
    </message>
    <message>
        <source>Out of range</source>
        <translation>超出范围</translation>
    </message>
    <message>
        <source>Measured</source>
        <translation>测量时间</translation>
    </message>
    <message>
        <source>Blood pressure</source>
        <translation>血压</translation>
    </message>
    <message>
        <source>Glucose</source>
        <translation>血糖</translation>
    </message>
    <message>
        <source>Heart rate</source>
        <translation>心率</translation>
    </message>
    <message>
        <source>Weight</source>
        <translation>体重</translation>
    </message>
    <message>
        <source>Temperature</source>
        <translation>体温</translation>
    </message>
    <message>
        <source>SpO₂</source>
        <translation>血氧饱和度</translation>
    </message>
    <message>
        <source>Systolic (%1)</source>
        <translation>收缩压（%1）</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>Diastolic (%1)</source>
        <translation>舒张压（%1）</translation>
    </message>
    <message>
        <source>Normal systolic</source>
        <translation>收缩压正常范围</translation>
    </message>
    <message>
        <source>MMM d</source>
        <comment>date axis format</comment>
        <translation>M月d日</translation>
    </message>
    <message>
        <source>MMM d HH:mm</source>
        <comment>date axis format</comment>
        <translation>M月d日 HH:mm</translation>
    </message>
    <message>
        <source>%1: no readings in this period</source>
        <translation>%1：此期间无测量数据</translation>
    </message>
    <message numerus="yes">
        <source>%1: %n reading(s)</source>
        <translation>
            <numerusform>%1：%n 条测量数据</numerusform>
        </translation>
    </message>
    <message>
        <source>%1/%2 %3</source>
        <translation>%1/%2 %3</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source>%1: %2
%3</source>
        <translation>%1：%2
%3</translation>
    </message>
    <message>
        <source>Outside the normal range</source>
        <translation>超出正常范围</translation>
    </message>
</context>
<context>
    <name>td::VitalsPage</name>
    <message>
        <source>Reset &amp;zoom</source>
        <translation>重置缩放(&amp;Z)</translation>
    </message>
    <message>
        <source>Reload</source>
        <translation>重新加载</translation>
    </message>
    <message>
        <source>S&amp;tudy:</source>
        <translation>项目(&amp;T)：</translation>
    </message>
    <message>
        <source>Su&amp;bject:</source>
        <translation>受试者(&amp;B)：</translation>
    </message>
    <message>
        <source>&amp;Vital sign:</source>
        <translation>生命体征(&amp;V)：</translation>
    </message>
    <message>
        <source>&amp;From:</source>
        <translation>从(&amp;F)：</translation>
    </message>
    <message>
        <source>T&amp;o:</source>
        <translation>至(&amp;O)：</translation>
    </message>
    <message>
        <source>Drag to zoom, wheel zooms time, right-drag or arrow keys pan, double-click resets.</source>
        <translation>拖动可缩放，滚轮缩放时间轴，右键拖动或方向键平移，双击重置。</translation>
    </message>
    <message>
        <source>No answer from the server: %1</source>
        <translation>服务器无响应：%1</translation>
    </message>
    <message>
        <source>The server refused: %1</source>
        <translation>服务器拒绝了请求：%1</translation>
    </message>
    <message>
        <source>Loading studies…</source>
        <translation>正在加载项目…</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <extracomment>A subject in the selector: %1 is its id, %2 its site.</extracomment>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>Loading vital signs of %1…</source>
        <translation>正在加载 %1 的生命体征…</translation>
    </message>
    <message>
        <source>No readings.</source>
        <translation>无测量数据。</translation>
    </message>
    <message numerus="yes">
        <source>%n reading(s)</source>
        <translation>
            <numerusform>%n 条测量数据</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n value(s) outside the normal range</source>
        <translation>
            <numerusform>%n 个数值超出正常范围</numerusform>
        </translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Loading cancelled. Click Reload to load the readings.</source>
        <translation>已取消加载。点击“重新加载”可重新加载测量数据。</translation>
    </message>
    <message numerus="yes">
        <source>Loading vital signs of %1: %n readings so far…</source>
        <extracomment>%1 is a subject id, %n the number of readings received so far.</extracomment>
        <translation>
            <numerusform>正在加载 %1 的生命体征：已收到 %n 条测量数据…</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>td::WebhookDialog</name>
    <message>
        <source>Change Webhook of %1</source>
        <extracomment>%1 is the study&apos;s code.</extracomment>
        <translation>修改 %1 的 Webhook</translation>
    </message>
    <message>
        <source>Add a Webhook to %1</source>
        <translation>为 %1 添加 Webhook</translation>
    </message>
    <message>
        <source>The server posts each event of this study to the URL, signed with the webhook&apos;s secret. Only https addresses are accepted, unless the server allows the host.</source>
        <translation>服务器会把该项目的每个事件 POST 到此 URL，并用 Webhook 的密钥签名。只接受 https 地址，除非服务器允许该主机。</translation>
    </message>
    <message>
        <source>&amp;URL:</source>
        <translation>&amp;URL：</translation>
    </message>
    <message>
        <source>E&amp;vents:</source>
        <translation>事件(&amp;V)：</translation>
    </message>
    <message>
        <source>&amp;Description:</source>
        <translation>说明(&amp;D)：</translation>
    </message>
    <message>
        <source>State:</source>
        <translation>状态：</translation>
    </message>
    <message>
        <source>All event types, also those added later</source>
        <translation>所有事件类型，包括以后新增的</translation>
    </message>
    <message>
        <source>&amp;Enabled</source>
        <translation>启用(&amp;E)</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>URL</source>
        <translation>URL</translation>
    </message>
    <message>
        <source>Events</source>
        <translation>事件</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>is required</source>
        <translation>为必填项</translation>
    </message>
    <message>
        <source>must be an http or https address</source>
        <translation>必须是 http 或 https 地址</translation>
    </message>
    <message>
        <source>choose at least one event type, or all</source>
        <translation>请至少选择一种事件类型，或选择全部</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>正在保存…</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <source>The webhook was not saved: the server refuses this URL.</source>
        <translation>Webhook 未保存：服务器拒绝此 URL。</translation>
    </message>
    <message>
        <source>The webhook was not saved. Please correct the fields marked in red.</source>
        <translation>Webhook 未保存。请更正标红的字段。</translation>
    </message>
    <message>
        <source>Your session has expired. Sign in again, then click Save: your entries are kept.</source>
        <translation>会话已过期。请重新登录，然后点击“保存”：您填写的内容会保留。</translation>
    </message>
    <message>
        <source>Only the study&apos;s project managers and administrators manage its webhooks.</source>
        <translation>只有该项目的项目经理和管理员可以管理其 Webhook。</translation>
    </message>
    <message>
        <source>The server cannot be reached; the webhook was not saved. Try again.</source>
        <translation>无法连接服务器，Webhook 未保存。请重试。</translation>
    </message>
    <message>
        <source>This webhook no longer exists.</source>
        <translation>此 Webhook 已不存在。</translation>
    </message>
    <message>
        <source>The webhook was not saved: %1</source>
        <extracomment>%1 is the server&apos;s explanation (in English).</extracomment>
        <translation>Webhook 未保存：%1</translation>
    </message>
</context>
<context>
    <name>td::WebhookSecretDialog</name>
    <message>
        <source>Copied</source>
        <translation>已复制</translation>
    </message>
    <message>
        <source>New Webhook Secret</source>
        <translation>新的 Webhook 密钥</translation>
    </message>
    <message>
        <source>Webhook Secret</source>
        <translation>Webhook 密钥</translation>
    </message>
    <message>
        <source>The new signing secret of %1. The old one no longer signs anything: give the receiver this one.</source>
        <extracomment>%1 is the webhook&apos;s URL.</extracomment>
        <translation>%1 的新签名密钥。旧密钥已不再用于签名：请把这个交给接收方。</translation>
    </message>
    <message>
        <source>The signing secret of %1. The receiver checks each request&apos;s signature with it.</source>
        <translation>%1 的签名密钥。接收方用它校验每个请求的签名。</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>复制(&amp;C)</translation>
    </message>
    <message>
        <source>This secret will not be shown again. Copy it now.</source>
        <translation>此密钥不会再次显示。请立即复制。</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>td::WebhooksModel</name>
    <message>
        <source>All events</source>
        <translation>所有事件</translation>
    </message>
    <message>
        <source>Enabled</source>
        <translation>已启用</translation>
    </message>
    <message>
        <source>Disabled</source>
        <translation>已停用</translation>
    </message>
    <message>
        <source>URL</source>
        <translation>URL</translation>
    </message>
    <message>
        <source>Events</source>
        <translation>事件</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Pending</source>
        <translation>待发送</translation>
    </message>
    <message>
        <source>Delivered</source>
        <translation>已送达</translation>
    </message>
    <message>
        <source>Dead</source>
        <translation>已放弃</translation>
    </message>
</context>
<context>
    <name>td::WelcomePage</name>
    <message>
        <source>Welcome to TrialDesk</source>
        <translation>欢迎使用 TrialDesk</translation>
    </message>
    <message>
        <source>The address starts with http:// or https://, e.g. http://127.0.0.1:8080 for a server on this computer.</source>
        <translation>地址以 http:// 或 https:// 开头，例如本机上运行的服务器通常为 http://127.0.0.1:8080。</translation>
    </message>
    <message>
        <source>TrialDesk works with a TrialDesk server, which stores your studies, subjects, questionnaires and vital signs. Sign in with the server address and the account you received from your study team.</source>
        <translation>TrialDesk 需配合 TrialDesk 服务器使用，服务器用于存储您的项目、受试者、问卷和生命体征数据。请使用服务器地址及研究团队为您分配的账号登录。</translation>
    </message>
    <message>
        <source>&amp;Sign In…</source>
        <translation>登录(&amp;S)…</translation>
    </message>
</context>
</TS>

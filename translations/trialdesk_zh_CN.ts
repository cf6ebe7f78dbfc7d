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
        <source>The server URL %1 is valid. Connecting to the server is not available yet.</source>
        <extracomment>%1 is the server address the user entered.</extracomment>
        <translation>服务器地址 %1 格式有效。当前版本尚不支持连接服务器。</translation>
    </message>
    <message>
        <source>Please enter the server URL.</source>
        <translation>请输入服务器地址。</translation>
    </message>
    <message>
        <source>Invalid server URL: it must start with http:// or https://.</source>
        <translation>服务器地址无效：必须以 http:// 或 https:// 开头。</translation>
    </message>
    <message>
        <source>Invalid server URL: &quot;%1&quot; is not a valid web address.</source>
        <extracomment>%1 is the text the user entered.</extracomment>
        <translation>服务器地址无效：“%1”不是有效的网址。</translation>
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
        <source>Invalid server URL: the host name is missing (for example http://127.0.0.1:8080).</source>
        <translation>服务器地址无效：缺少主机名（例如 http://127.0.0.1:8080）。</translation>
    </message>
</context>
<context>
    <name>td::WelcomePage</name>
    <message>
        <source>Welcome to TrialDesk</source>
        <translation>欢迎使用 TrialDesk</translation>
    </message>
    <message>
        <source>TrialDesk works with a TrialDesk server, which stores your studies, subjects, questionnaires and vital signs. Enter the address of the server you received from your study team and click Connect.</source>
        <translation>TrialDesk 需要配合 TrialDesk 服务器使用，您的研究项目、受试者、问卷和生命体征数据都保存在服务器上。请输入研究团队提供的服务器地址，然后点击“连接”。</translation>
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
        <source>&amp;Connect</source>
        <translation>连接(&amp;C)</translation>
    </message>
    <message>
        <source>The address starts with http:// or https://, e.g. http://127.0.0.1:8080 for a server on this computer.</source>
        <translation>地址以 http:// 或 https:// 开头，例如本机上运行的服务器通常为 http://127.0.0.1:8080。</translation>
    </message>
</context>
</TS>

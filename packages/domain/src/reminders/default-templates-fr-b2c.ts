import type { StepTemplate } from './scenario'

type Templates = Readonly<Record<'fr' | 'en' | 'de' | 'es', StepTemplate>>

// Templates of the French B2C scenario: a business writing to consumers. Gentler, and lawful for consumers
// (LEGAL.md §2): no €40 indemnity, no recovery fees (CPCE L111-8), legal-rate interest only from the formal
// notice.

export const FR_B2C_PRE_DUE: Templates = {
  fr: {
    subject: 'Votre facture arrive à échéance – {{creditor.name}}',
    body: `Bonjour,

Petit rappel : la facture ci-dessous arrive à échéance dans quelques jours.

{{invoices.table}}

Montant : {{totals}}

Si vous avez déjà réglé, merci, et ne tenez pas compte de ce message.

Vous pouvez consulter votre facture et la payer en ligne en toute sécurité depuis votre espace personnel : {{portal.link}}

Bonne journée,

Le service clients
{{creditor.name}}`,
  },
  en: {
    subject: 'Your invoice is due soon – {{creditor.name}}',
    body: `Hello,

A quick reminder: the invoice below is due in a few days.

{{invoices.table}}

Amount: {{totals}}

If you have already paid, thank you, and please ignore this message.

You can view your invoice and pay it securely online from your personal area: {{portal.link}}

Best regards,

Customer Service
{{creditor.name}}`,
  },
  de: {
    subject: 'Ihre Rechnung wird bald fällig – {{creditor.name}}',
    body: `Guten Tag,

eine kurze Erinnerung: Die folgende Rechnung wird in wenigen Tagen fällig.

{{invoices.table}}

Betrag: {{totals}}

Wenn Sie bereits bezahlt haben, vielen Dank – dann betrachten Sie diese Nachricht bitte als gegenstandslos.

In Ihrem persönlichen Bereich können Sie die Rechnung einsehen und sicher online bezahlen: {{portal.link}}

Freundliche Grüße

Kundenservice
{{creditor.name}}`,
  },
  es: {
    subject: 'Su factura vence pronto – {{creditor.name}}',
    body: `Hola:

Le recordamos que la factura siguiente vence dentro de unos días.

{{invoices.table}}

Importe: {{totals}}

Si ya la ha pagado, muchas gracias; no tenga en cuenta este mensaje.

Puede consultar su factura y pagarla en línea de forma segura desde su área personal: {{portal.link}}

Un saludo,

Atención al cliente
{{creditor.name}}`,
  },
}

export const FR_B2C_OVERDUE_5: Templates = {
  fr: {
    subject: 'Facture en attente de règlement – {{creditor.name}}',
    body: `Bonjour,

Sauf erreur de notre part, nous n'avons pas encore reçu le règlement de la facture ci-dessous, arrivée à échéance :

{{invoices.table}}

Montant restant dû : {{totals}}

Un simple oubli arrive à tout le monde. Vous pouvez régler en quelques clics, par carte ou par virement, depuis votre espace personnel : {{portal.link}}

Si vous avez réglé entre-temps, merci de ne pas tenir compte de ce message. Si quelque chose ne vous semble pas correct sur cette facture, dites-le-nous depuis ce même espace : nous regarderons cela avec vous.

Bonne journée,

Le service clients
{{creditor.name}}`,
  },
  en: {
    subject: 'Invoice awaiting payment – {{creditor.name}}',
    body: `Hello,

Unless we are mistaken, we have not yet received payment of the invoice below, which is now due:

{{invoices.table}}

Amount outstanding: {{totals}}

It happens to everyone. You can pay in a few clicks, by card or bank transfer, from your personal area: {{portal.link}}

If you have paid in the meantime, please ignore this message. If something looks wrong on this invoice, let us know from the same page and we will look into it with you.

Best regards,

Customer Service
{{creditor.name}}`,
  },
  de: {
    subject: 'Offene Rechnung – {{creditor.name}}',
    body: `Guten Tag,

soweit wir sehen, ist die Zahlung für die folgende, bereits fällige Rechnung noch nicht bei uns eingegangen:

{{invoices.table}}

Offener Betrag: {{totals}}

Das kann jedem passieren. Sie können in wenigen Schritten per Karte oder Überweisung in Ihrem persönlichen Bereich bezahlen: {{portal.link}}

Haben Sie inzwischen bezahlt, betrachten Sie diese Nachricht bitte als gegenstandslos. Scheint Ihnen an der Rechnung etwas nicht zu stimmen, teilen Sie es uns dort mit – wir klären das gemeinsam mit Ihnen.

Freundliche Grüße

Kundenservice
{{creditor.name}}`,
  },
  es: {
    subject: 'Factura pendiente de pago – {{creditor.name}}',
    body: `Hola:

Salvo error por nuestra parte, aún no hemos recibido el pago de la factura siguiente, ya vencida:

{{invoices.table}}

Importe pendiente: {{totals}}

Un descuido le pasa a cualquiera. Puede pagar en pocos pasos, con tarjeta o por transferencia, desde su área personal: {{portal.link}}

Si ya ha pagado, no tenga en cuenta este mensaje. Si algo no le parece correcto en esta factura, indíquenoslo desde esa misma área y lo revisaremos con usted.

Un saludo,

Atención al cliente
{{creditor.name}}`,
  },
}

// Minimal: no amount on a lock screen (LEGAL.md §6).
export const FR_B2C_OVERDUE_12_SMS: Templates = {
  fr: {
    body: '{{creditor.name}} : une facture reste à régler sur votre compte. Détail et paiement sécurisé : {{portal.link}}',
  },
  en: {
    body: '{{creditor.name}}: an invoice on your account is still unpaid. Details and secure payment: {{portal.link}}',
  },
  de: {
    body: '{{creditor.name}}: Auf Ihrem Konto ist eine Rechnung offen. Details und sichere Zahlung: {{portal.link}}',
  },
  es: {
    body: '{{creditor.name}}: tiene una factura pendiente de pago. Detalle y pago seguro: {{portal.link}}',
  },
}

export const FR_B2C_OVERDUE_20: Templates = {
  fr: {
    subject: 'Deuxième rappel : facture impayée – {{creditor.name}}',
    body: `Bonjour,

Malgré nos précédents messages, la facture ci-dessous n'est toujours pas réglée :

{{invoices.table}}

Montant restant dû : {{totals}}

Nous vous remercions de procéder au règlement dans les prochains jours depuis votre espace personnel : {{portal.link}}

Si vous traversez une période difficile, vous pouvez y proposer un paiement en plusieurs fois ou une date de règlement : nous étudierons votre proposition avec attention. Sans nouvelles de votre part, nous devrons poursuivre nos démarches de recouvrement.

Bonne journée,

Le service clients
{{creditor.name}}`,
  },
  en: {
    subject: 'Second reminder: unpaid invoice – {{creditor.name}}',
    body: `Hello,

Despite our previous messages, the invoice below is still unpaid:

{{invoices.table}}

Amount outstanding: {{totals}}

Please pay it in the next few days from your personal area: {{portal.link}}

If you are going through a difficult time, you can propose paying in instalments or a payment date there: we will consider your proposal carefully. Without news from you, we will have to continue our collection steps.

Best regards,

Customer Service
{{creditor.name}}`,
  },
  de: {
    subject: 'Zweite Erinnerung: unbezahlte Rechnung – {{creditor.name}}',
    body: `Guten Tag,

trotz unserer bisherigen Nachrichten ist die folgende Rechnung noch nicht bezahlt:

{{invoices.table}}

Offener Betrag: {{totals}}

Bitte begleichen Sie den Betrag in den nächsten Tagen in Ihrem persönlichen Bereich: {{portal.link}}

Befinden Sie sich in einer schwierigen Lage, können Sie dort eine Ratenzahlung oder einen Zahlungstermin vorschlagen – wir prüfen Ihren Vorschlag sorgfältig. Ohne Rückmeldung müssen wir unsere Schritte zur Beitreibung fortsetzen.

Freundliche Grüße

Kundenservice
{{creditor.name}}`,
  },
  es: {
    subject: 'Segundo recordatorio: factura impagada – {{creditor.name}}',
    body: `Hola:

A pesar de nuestros mensajes anteriores, la factura siguiente sigue sin pagarse:

{{invoices.table}}

Importe pendiente: {{totals}}

Le rogamos que la abone en los próximos días desde su área personal: {{portal.link}}

Si atraviesa un momento difícil, puede proponer allí un pago fraccionado o una fecha de pago: estudiaremos su propuesta con atención. Si no tenemos noticias suyas, tendremos que continuar con las gestiones de cobro.

Un saludo,

Atención al cliente
{{creditor.name}}`,
  },
}

export const FR_B2C_OVERDUE_30_CALL: Templates = {
  fr: {
    subject: 'Appeler {{customer.name}} – facture impayée',
    body: `Objectif : comprendre la situation et convenir d'une solution de paiement pour {{totals}}.

Factures concernées :
{{invoices.table}}

Règles : appeler du lundi au vendredi, de 10 h à 13 h ou de 14 h à 20 h ; jamais plus de quatre appels en trente jours ; ne jamais évoquer la dette avec une autre personne que le client.

Déroulé suggéré :
1. Se présenter ({{creditor.name}}) et vérifier que l'on parle bien au titulaire du compte.
2. Rappeler la facture et les messages restés sans réponse, sans ton menaçant.
3. Écouter : difficulté passagère, contestation, oubli ? En cas de contestation, ouvrir un litige.
4. Proposer une solution : paiement immédiat en ligne ({{portal.link}}), date de règlement (promesse) ou paiement en plusieurs fois.

Consigner le résultat de l'appel dans la fiche client.`,
  },
  en: {
    subject: 'Call {{customer.name}} – unpaid invoice',
    body: `Goal: understand the situation and agree a way to pay {{totals}}.

Invoices:
{{invoices.table}}

Rules: call Monday to Friday, 10:00–13:00 or 14:00–20:00; never more than four calls in thirty days; never discuss the debt with anyone but the customer.

Suggested call:
1. Introduce yourself ({{creditor.name}}) and check you are speaking to the account holder.
2. Mention the invoice and the unanswered messages, without any threatening tone.
3. Listen: a temporary difficulty, a disagreement, an oversight? If they dispute it, open a dispute.
4. Offer a solution: immediate online payment ({{portal.link}}), a payment date (promise) or instalments.

Record the outcome of the call on the customer page.`,
  },
  de: {
    subject: '{{customer.name}} anrufen – unbezahlte Rechnung',
    body: `Ziel: die Situation verstehen und eine Zahlungslösung für {{totals}} vereinbaren.

Betroffene Rechnungen:
{{invoices.table}}

Regeln: Montag bis Freitag, 10–13 Uhr oder 14–20 Uhr anrufen; nie mehr als vier Anrufe in dreißig Tagen; die Forderung nie mit einer anderen Person als dem Kunden besprechen.

Gesprächsleitfaden:
1. Vorstellen ({{creditor.name}}) und prüfen, ob man mit dem Kontoinhaber spricht.
2. Auf die Rechnung und die unbeantworteten Nachrichten hinweisen, ohne drohenden Ton.
3. Zuhören: vorübergehende Schwierigkeit, Einwand, Versehen? Bei einem Einwand eine Reklamation anlegen.
4. Eine Lösung anbieten: sofortige Online-Zahlung ({{portal.link}}), Zahlungstermin (Zusage) oder Ratenzahlung.

Das Ergebnis des Anrufs in der Kundenakte festhalten.`,
  },
  es: {
    subject: 'Llamar a {{customer.name}} – factura impagada',
    body: `Objetivo: entender la situación y acordar una forma de pago para {{totals}}.

Facturas afectadas:
{{invoices.table}}

Reglas: llamar de lunes a viernes, de 10 a 13 h o de 14 a 20 h; nunca más de cuatro llamadas en treinta días; no hablar nunca de la deuda con otra persona que no sea el cliente.

Guion sugerido:
1. Presentarse ({{creditor.name}}) y comprobar que se habla con el titular de la cuenta.
2. Mencionar la factura y los mensajes sin respuesta, sin tono amenazante.
3. Escuchar: ¿dificultad pasajera, desacuerdo, olvido? En caso de desacuerdo, abrir una reclamación.
4. Proponer una solución: pago inmediato en línea ({{portal.link}}), una fecha de pago (promesa) o un pago fraccionado.

Registrar el resultado de la llamada en la ficha del cliente.`,
  },
}

export const FR_B2C_FORMAL_NOTICE: Templates = {
  fr: {
    subject: 'MISE EN DEMEURE DE PAYER',
    body: `{{creditor.name}}
{{creditor.address}}

{{customer.name}}
{{customer.address}}

Le {{today}}

Objet : MISE EN DEMEURE DE PAYER
Lettre recommandée avec demande d'avis de réception

Madame, Monsieur,

Malgré nos précédents courriers et messages, le règlement des factures suivantes ne nous est toujours pas parvenu :

{{invoices.table}}

Montant total restant dû : {{totals}}

Par la présente, nous vous mettons en demeure de régler cette somme dans un délai de huit (8) jours à compter de la réception de ce courrier.

Conformément à l'article 1231-6 du Code civil, la présente mise en demeure fait courir les intérêts au taux légal sur les sommes dues.

À défaut de règlement ou de proposition de votre part dans ce délai, nous pourrons saisir la juridiction compétente afin d'obtenir un titre exécutoire, notamment par la voie d'une injonction de payer.

Vous pouvez régler en ligne, en toute sécurité, depuis votre espace personnel : {{portal.link}}
Si vous rencontrez des difficultés financières, vous pouvez y proposer un paiement échelonné adapté à votre situation : nous l'étudierons avec attention. Si vous contestez tout ou partie de ces sommes, ou si vous avez déjà payé, merci de nous le faire savoir sans délai depuis ce même espace ou à l'adresse {{creditor.email}}.

Veuillez agréer, Madame, Monsieur, l'expression de nos salutations distinguées.

Le service clients
{{creditor.name}}`,
  },
  en: {
    subject: 'FORMAL NOTICE TO PAY (MISE EN DEMEURE)',
    body: `{{creditor.name}}
{{creditor.address}}

{{customer.name}}
{{customer.address}}

{{today}}

Subject: FORMAL NOTICE TO PAY (mise en demeure)
Registered letter with acknowledgement of receipt

Dear Sir or Madam,

Despite our previous letters and messages, we have still not received payment of the following invoices:

{{invoices.table}}

Total amount outstanding: {{totals}}

We hereby formally demand that you pay this amount within eight (8) days of receiving this letter.

Under article 1231-6 of the French Civil Code, this formal notice causes interest at the statutory rate to run on the amounts due.

Failing payment or a proposal from you within this period, we may apply to the competent court for an enforceable order, in particular through an order for payment (injonction de payer).

You can pay securely online from your personal area: {{portal.link}}
If you are in financial difficulty, you can propose a payment plan suited to your situation there: we will consider it carefully. If you dispute all or part of these amounts, or have already paid, please let us know without delay from the same page or at {{creditor.email}}.

Yours faithfully,

Customer Service
{{creditor.name}}`,
  },
  de: {
    subject: 'LETZTE MAHNUNG MIT FRISTSETZUNG (MISE EN DEMEURE)',
    body: `{{creditor.name}}
{{creditor.address}}

{{customer.name}}
{{customer.address}}

{{today}}

Betreff: LETZTE MAHNUNG MIT FRISTSETZUNG (mise en demeure)
Einschreiben mit Rückschein

Sehr geehrte Damen und Herren,

trotz unserer bisherigen Schreiben und Nachrichten ist die Zahlung für die folgenden Rechnungen noch immer nicht bei uns eingegangen:

{{invoices.table}}

Offener Gesamtbetrag: {{totals}}

Hiermit fordern wir Sie förmlich auf, diesen Betrag innerhalb von acht (8) Tagen nach Erhalt dieses Schreibens zu begleichen.

Nach Art. 1231-6 des französischen Zivilgesetzbuchs (Code civil) setzt diese Mahnung den Lauf der gesetzlichen Zinsen auf die geschuldeten Beträge in Gang.

Erfolgt innerhalb dieser Frist weder eine Zahlung noch ein Vorschlag von Ihnen, können wir das zuständige Gericht anrufen, um einen Vollstreckungstitel zu erwirken, insbesondere im Wege eines Zahlungsbefehls (injonction de payer).

Sie können sicher online in Ihrem persönlichen Bereich bezahlen: {{portal.link}}
Befinden Sie sich in finanziellen Schwierigkeiten, können Sie dort eine Ratenzahlung vorschlagen, die zu Ihrer Lage passt – wir prüfen sie sorgfältig. Bestreiten Sie die Beträge ganz oder teilweise oder haben Sie bereits bezahlt, teilen Sie uns dies bitte umgehend dort oder an {{creditor.email}} mit.

Mit freundlichen Grüßen

Kundenservice
{{creditor.name}}`,
  },
  es: {
    subject: 'REQUERIMIENTO FORMAL DE PAGO (MISE EN DEMEURE)',
    body: `{{creditor.name}}
{{creditor.address}}

{{customer.name}}
{{customer.address}}

{{today}}

Asunto: REQUERIMIENTO FORMAL DE PAGO (mise en demeure)
Carta certificada con acuse de recibo

Estimado/a cliente/a:

A pesar de nuestras cartas y mensajes anteriores, todavía no hemos recibido el pago de las facturas siguientes:

{{invoices.table}}

Importe total pendiente: {{totals}}

Por la presente le requerimos formalmente para que abone esta cantidad en un plazo de ocho (8) días a partir de la recepción de esta carta.

Conforme al artículo 1231-6 del Código Civil francés, el presente requerimiento hace correr los intereses al tipo legal sobre las cantidades adeudadas.

De no recibir el pago ni una propuesta suya en dicho plazo, podremos acudir al tribunal competente para obtener un título ejecutivo, en particular mediante un requerimiento de pago (injonction de payer).

Puede pagar en línea de forma segura desde su área personal: {{portal.link}}
Si atraviesa dificultades económicas, puede proponer allí un pago fraccionado adaptado a su situación: lo estudiaremos con atención. Si no está de acuerdo con la totalidad o parte de estas cantidades, o si ya ha pagado, le rogamos que nos lo comunique sin demora desde esa misma área o en {{creditor.email}}.

Atentamente,

Atención al cliente
{{creditor.name}}`,
  },
}

export const FR_B2C_ESCALATE: Templates = {
  fr: {
    subject: 'Décider de la suite – {{customer.name}}',
    body: `La mise en demeure adressée à {{customer.name}} est restée sans effet. Principal restant dû : {{totals}}.

{{invoices.table}}

Avant toute nouvelle action :
- vérifier l'avis de réception de la mise en demeure et l'absence de contestation ouverte ;
- vérifier la prescription : 2 ans pour une créance d'un professionnel sur un consommateur (article L218-2 du Code de la consommation) ;
- choisir selon le montant : injonction de payer auprès du tribunal judiciaire, transmission à un cabinet de recouvrement, ou abandon de créance ;
- ne jamais facturer de frais de recouvrement au client sans titre exécutoire (article L111-8 du Code des procédures civiles d'exécution).

Consigner la décision et sa justification dans la fiche client.`,
  },
  en: {
    subject: 'Decide what next – {{customer.name}}',
    body: `The formal notice sent to {{customer.name}} has had no effect. Principal outstanding: {{totals}}.

{{invoices.table}}

Before any further action:
- check the notice's acknowledgement of receipt and that no dispute is open;
- check the limitation period: 2 years for a business's claim against a consumer (article L218-2 of the French Consumer Code);
- depending on the amount, choose: an order for payment (injonction de payer) at the judicial court, hand-over to a collection agency, or writing the debt off;
- never charge collection fees to the customer without an enforceable order (article L111-8 of the French Code of Civil Enforcement Procedures).

Record the decision and its reasons on the customer page.`,
  },
  de: {
    subject: 'Über das weitere Vorgehen entscheiden – {{customer.name}}',
    body: `Die letzte Mahnung an {{customer.name}} ist ohne Wirkung geblieben. Offene Hauptforderung: {{totals}}.

{{invoices.table}}

Vor jedem weiteren Schritt:
- den Rückschein der letzten Mahnung prüfen und sicherstellen, dass kein Einwand offen ist;
- die Verjährung prüfen: 2 Jahre für Forderungen eines Unternehmens gegen einen Verbraucher (Art. L218-2 Code de la consommation);
- je nach Betrag wählen: Zahlungsbefehl (injonction de payer) beim Tribunal judiciaire, Übergabe an ein Inkassobüro oder Ausbuchung;
- dem Kunden ohne Vollstreckungstitel niemals Beitreibungskosten berechnen (Art. L111-8 Code des procédures civiles d'exécution).

Entscheidung und Begründung in der Kundenakte festhalten.`,
  },
  es: {
    subject: 'Decidir los próximos pasos – {{customer.name}}',
    body: `El requerimiento formal enviado a {{customer.name}} no ha surtido efecto. Principal pendiente: {{totals}}.

{{invoices.table}}

Antes de cualquier nueva acción:
- comprobar el acuse de recibo del requerimiento y que no haya ninguna reclamación abierta;
- comprobar la prescripción: 2 años para el crédito de un profesional frente a un consumidor (artículo L218-2 del Código de Consumo francés);
- según el importe, elegir: requerimiento de pago (injonction de payer) ante el tribunal judicial, traspaso a una agencia de recobro o cancelación de la deuda;
- no cobrar nunca gastos de recobro al cliente sin título ejecutivo (artículo L111-8 del Código de procedimientos civiles de ejecución francés).

Registrar la decisión y su justificación en la ficha del cliente.`,
  },
}

export const FR_B2C_PROMISE_BROKEN: Templates = {
  fr: {
    subject: 'Votre paiement prévu ne nous est pas parvenu – {{creditor.name}}',
    body: `Bonjour,

Vous nous aviez indiqué une date de paiement pour la facture ci-dessous. Cette date est passée et nous n'avons pas encore reçu votre règlement :

{{invoices.table}}

Montant restant dû : {{totals}}

Vous pouvez régler dès maintenant depuis votre espace personnel : {{portal.link}}

Si un imprévu vous en empêche, dites-le-nous depuis ce même espace : un paiement en plusieurs fois est peut-être possible.

Bonne journée,

Le service clients
{{creditor.name}}`,
  },
  en: {
    subject: 'Your planned payment has not reached us – {{creditor.name}}',
    body: `Hello,

You gave us a payment date for the invoice below. That date has passed and we have not yet received your payment:

{{invoices.table}}

Amount outstanding: {{totals}}

You can pay now from your personal area: {{portal.link}}

If something unexpected is stopping you, let us know from the same page: paying in instalments may be possible.

Best regards,

Customer Service
{{creditor.name}}`,
  },
  de: {
    subject: 'Ihre angekündigte Zahlung ist nicht eingegangen – {{creditor.name}}',
    body: `Guten Tag,

Sie hatten uns für die folgende Rechnung einen Zahlungstermin genannt. Dieser Termin ist verstrichen, und Ihre Zahlung ist noch nicht bei uns eingegangen:

{{invoices.table}}

Offener Betrag: {{totals}}

Sie können jetzt in Ihrem persönlichen Bereich bezahlen: {{portal.link}}

Hält Sie etwas Unvorhergesehenes davon ab, sagen Sie es uns dort – vielleicht ist eine Ratenzahlung möglich.

Freundliche Grüße

Kundenservice
{{creditor.name}}`,
  },
  es: {
    subject: 'No hemos recibido el pago previsto – {{creditor.name}}',
    body: `Hola:

Nos indicó una fecha de pago para la factura siguiente. Esa fecha ya ha pasado y todavía no hemos recibido su pago:

{{invoices.table}}

Importe pendiente: {{totals}}

Puede pagar ahora desde su área personal: {{portal.link}}

Si un imprevisto se lo impide, díganoslo desde esa misma área: quizá sea posible un pago fraccionado.

Un saludo,

Atención al cliente
{{creditor.name}}`,
  },
}

export const FR_B2C_PLAN_BROKEN: Templates = {
  fr: {
    subject: 'Échéance de votre paiement en plusieurs fois non réglée – {{creditor.name}}',
    body: `Bonjour,

Une échéance de votre paiement en plusieurs fois n'a pas été réglée dans le délai prévu. Conformément aux conditions que vous aviez acceptées, l'échéancier prend fin et le solde des factures ci-dessous redevient exigible :

{{invoices.table}}

Montant restant dû : {{totals}}

Vous pouvez régler depuis votre espace personnel : {{portal.link}}

Si votre situation a changé, contactez-nous depuis ce même espace : nous pouvons examiner ensemble un nouvel échéancier.

Bonne journée,

Le service clients
{{creditor.name}}`,
  },
  en: {
    subject: 'Instalment not paid – {{creditor.name}}',
    body: `Hello,

An instalment of your payment plan was not paid on time. Under the terms you accepted, the plan ends and the balance of the invoices below is due again:

{{invoices.table}}

Amount outstanding: {{totals}}

You can pay from your personal area: {{portal.link}}

If your situation has changed, contact us from the same page: we can look at a new plan together.

Best regards,

Customer Service
{{creditor.name}}`,
  },
  de: {
    subject: 'Rate nicht bezahlt – {{creditor.name}}',
    body: `Guten Tag,

eine Rate Ihrer Ratenzahlung wurde nicht fristgerecht bezahlt. Gemäß den von Ihnen akzeptierten Bedingungen endet die Vereinbarung, und der Restbetrag der folgenden Rechnungen ist wieder fällig:

{{invoices.table}}

Offener Betrag: {{totals}}

Sie können in Ihrem persönlichen Bereich bezahlen: {{portal.link}}

Hat sich Ihre Situation geändert, melden Sie sich bitte dort bei uns – wir können gemeinsam eine neue Ratenzahlung prüfen.

Freundliche Grüße

Kundenservice
{{creditor.name}}`,
  },
  es: {
    subject: 'Plazo de su pago fraccionado sin abonar – {{creditor.name}}',
    body: `Hola:

Un plazo de su pago fraccionado no se ha abonado a tiempo. Conforme a las condiciones que aceptó, el calendario queda sin efecto y el saldo de las facturas siguientes vuelve a ser exigible:

{{invoices.table}}

Importe pendiente: {{totals}}

Puede pagar desde su área personal: {{portal.link}}

Si su situación ha cambiado, contacte con nosotros desde esa misma área: podemos estudiar juntos un nuevo calendario.

Un saludo,

Atención al cliente
{{creditor.name}}`,
  },
}
